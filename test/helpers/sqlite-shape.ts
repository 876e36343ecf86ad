/**
 * A migrated SQLite database's schema as facts (schema-shape.ts), read from `pragma table_info`,
 * `index_list`, `index_xinfo`, `foreign_key_list` and the CREATE statements in `sqlite_master` (for
 * index expressions, partial-index conditions, checks and AUTOINCREMENT, which no pragma tells).
 *
 * SQLite has no timestamp, boolean or JSON type: the SQLite kit stores them as integer, integer and text,
 * and what such a column means is its drizzle column's mode (db/sqlite/schema.ts). A column's common type
 * is that meaning when the declared type is the one it is stored as, and the declared type otherwise.
 */
import type Database from "better-sqlite3";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../../db/sqlite/schema.js";
import { closingParenthesis, normaliseExpression, type Shape, tableFacts } from "./schema-shape.js";

/** drizzle's column type → [the declared type SQLite stores it as, its common type]. */
const STORED_AS: Record<string, [string, string]> = {
  SQLiteInteger: ["integer", "integer"],
  SQLiteTimestamp: ["integer", "timestamp"],
  SQLiteBoolean: ["integer", "boolean"],
  SQLiteText: ["text", "text"],
  SQLiteTextJson: ["text", "json"],
};

const columnTypes = new Map(
  Object.values(schema).flatMap((table: SQLiteTable) => {
    const config = getTableConfig(table);
    return config.columns.map((c) => [`${config.name}.${c.name}`, c.columnType] as const);
  }),
);

type TableInfo = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number };
type IndexInfo = { name: string; unique: number; origin: string };
type KeyInfo = { seqno: number; cid: number; name: string | null; key: number };
type ForeignKeyInfo = { id: number; table: string; from: string; to: string; on_update: string; on_delete: string };

export function sqliteShape(db: Database.Database): Shape {
  const shape: Shape = new Map();
  const tables = db
    .prepare<[], { name: string; sql: string }>(
      "select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations'",
    )
    .all();
  const indexSql = new Map(
    db
      .prepare<[], { name: string; sql: string }>(
        "select name, sql from sqlite_master where type = 'index' and sql is not null",
      )
      .all()
      .map((row) => [row.name, row.sql]),
  );
  for (const { name: table, sql } of tables) {
    const facts = tableFacts(shape, table);
    const columns = db.prepare<[], TableInfo>(`pragma table_info("${table}")`).all();
    for (const c of columns) {
      const isGenerated = new RegExp(`[\`"]${c.name}[\`"] integer PRIMARY KEY AUTOINCREMENT`, "i").test(sql);
      facts.column(c.name, {
        type: commonType(table, c.name, c.type.toLowerCase()),
        isNotNull: c.notnull === 1,
        default: isGenerated ? "generated" : normaliseDefault(c.dflt_value),
      });
    }
    facts.primaryKey(
      columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
    );
    for (const index of db.prepare<[], IndexInfo>(`pragma index_list("${table}")`).all()) {
      if (index.origin === "pk") continue;
      const statement = indexSql.get(index.name) ?? "";
      const written = keysWritten(statement);
      const keys = db
        .prepare<[], KeyInfo>(`pragma index_xinfo("${index.name}")`)
        .all()
        .filter((k) => k.key === 1)
        .map((k) => k.name ?? written[k.seqno] ?? "?");
      const where = /\)\s+WHERE\s+(.+)$/is.exec(statement)?.[1] ?? null;
      facts.index(index.name, { keys, isUnique: index.unique === 1, where });
    }
    for (const [name, condition] of checks(sql)) facts.check(name, condition);
    const foreignKeys = db.prepare<[], ForeignKeyInfo>(`pragma foreign_key_list("${table}")`).all();
    for (const id of new Set(foreignKeys.map((fk) => fk.id))) {
      const parts = foreignKeys.filter((fk) => fk.id === id);
      const first = parts[0]!;
      facts.foreignKey({
        columns: parts.map((p) => p.from),
        table: first.table,
        to: parts.map((p) => p.to),
        onDelete: first.on_delete,
        onUpdate: first.on_update,
      });
    }
  }
  return shape;
}

function commonType(table: string, column: string, declared: string): string {
  const stored = STORED_AS[columnTypes.get(`${table}.${column}`) ?? ""];
  if (!stored) return declared;
  return stored[0] === declared ? stored[1] : `${declared}, stored for ${stored[1]}`;
}

/** The SQLite kit's current time is Unix milliseconds (table_info drops the outer parentheses). */
const normaliseDefault = (value: string | null): string | null =>
  value !== null && normaliseExpression(value) === "unixepoch('subsec') * 1000" ? "now" : value;

/** The keys of `CREATE [UNIQUE] INDEX … ON t (a, lower("b"))` as written, split at top-level commas. */
function keysWritten(statement: string): string[] {
  const open = statement.indexOf("(", statement.search(/\sON\s/i));
  if (open < 0) return [];
  return splitTopLevel(statement.slice(open + 1, closingParenthesis(statement, open)));
}

/** The named CHECK constraints of a CREATE TABLE statement. */
function checks(createTable: string): [string, string][] {
  const found: [string, string][] = [];
  for (const m of createTable.matchAll(/CONSTRAINT\s+[`"]?(\w+)[`"]?\s+CHECK\s*\(/gi)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    found.push([m[1] ?? "", createTable.slice(open + 1, closingParenthesis(createTable, open))]);
  }
  return found;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === "(") depth++;
    else if (list[i] === ")") depth--;
    else if (list[i] === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, list.slice(start)].map((part) => part.trim());
}
