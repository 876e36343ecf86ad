/**
 * The SQLite and PostgreSQL schemas must describe the same data: the same tables, columns (name,
 * nullability, default, primary key), indexes and foreign keys. A column added to one dialect only
 * fails here, before any migration is generated.
 */
import { getTableName } from "drizzle-orm";
import { type PgTable, getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { type SQLiteTable, getTableConfig as sqliteConfig } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pg from "../../db/postgres/schema.js";
import * as sqlite from "../../db/sqlite/schema.js";

/** Tables only PostgreSQL needs, for several replicas: shared failure counts and the change signal. */
const POSTGRES_ONLY = ["rate_limits", "change_versions"];

type Shape = {
  columns: Record<string, { notNull: boolean; hasDefault: boolean; primary: boolean }>;
  primaryKeys: string[];
  indexes: string[];
  foreignKeys: string[];
};

function shape(config: ReturnType<typeof pgConfig> | ReturnType<typeof sqliteConfig>): Shape {
  // A primary key's own default is the dialect's business (SQLite's rowid, PostgreSQL's identity).
  const columns = Object.fromEntries(
    config.columns.map((c) => [
      c.name,
      { notNull: c.notNull, hasDefault: c.primary || c.hasDefault, primary: c.primary },
    ]),
  );
  const primaryKeys = config.primaryKeys.map((pk) => pk.columns.map((c) => c.name).join(",")).sort();
  const indexes = config.indexes.map((i) => `${i.config.name}${i.config.unique ? " unique" : ""}`).sort();
  const foreignKeys = config.foreignKeys
    .map((fk) => {
      const ref = fk.reference();
      const to = `${getTableName(ref.foreignTable)}(${ref.foreignColumns.map((c) => c.name).join(",")})`;
      return `${ref.columns.map((c) => c.name).join(",")} → ${to} on delete ${fk.onDelete ?? "no action"}`;
    })
    .sort();
  return { columns, primaryKeys, indexes, foreignKeys };
}

const tablesOf = <T>(module: Record<string, unknown>, isTable: (v: unknown) => v is T) =>
  Object.values(module).filter(isTable);

const pgTables = tablesOf(pg, (v): v is PgTable => typeof v === "object" && v !== null && "getSQL" in v);
const sqliteTables = tablesOf(sqlite, (v): v is SQLiteTable => typeof v === "object" && v !== null && "getSQL" in v);

describe("the SQLite and PostgreSQL schemas", () => {
  it("have the same tables, apart from PostgreSQL's replica-only ones", () => {
    const pgNames = pgTables.map((t) => pgConfig(t).name).filter((n) => !POSTGRES_ONLY.includes(n));
    const sqliteNames = sqliteTables.map((t) => sqliteConfig(t).name);
    expect(pgNames.sort()).toEqual(sqliteNames.sort());
    expect(sqliteNames.length).toBeGreaterThan(10);
  });

  it.each(sqliteTables.map((t) => [sqliteConfig(t).name, t] as const))(
    "describe %s with the same columns, keys, indexes and foreign keys",
    (name, table) => {
      const twin = pgTables.find((t) => pgConfig(t).name === name);
      expect(twin, `db/postgres/schema.ts has no table ${name}`).toBeDefined();
      if (twin) expect(shape(pgConfig(twin))).toEqual(shape(sqliteConfig(table)));
    },
  );

  it("export the same names, so code written against one finds every table in the other", () => {
    const pgKeys = Object.keys(pg).filter((k) => !["rateLimits", "changeVersions"].includes(k));
    expect(pgKeys.sort()).toEqual(Object.keys(sqlite).sort());
  });
});
