/**
 * SQLite's kit for the one table definition (db/tables.ts): autoincrement integer ids, Unix milliseconds
 * for moments, JSON as text, 0/1 integers for flags, `unixepoch('subsec') * 1000` for the current time;
 * and the matching column types (`SqliteTableOf`), the same that hand-written `sqliteTable` calls would have.
 */
import {
  type BuildColumns,
  type ColumnBuilderBase,
  type HasDefault,
  type IsPrimaryKey,
  type NotNull,
  type SQL,
  sql,
} from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  type SQLiteBooleanBuilderInitial,
  type SQLiteColumn,
  type SQLiteIntegerBuilderInitial,
  type SQLiteTableExtraConfigValue,
  type SQLiteTableWithColumns,
  type SQLiteTextBuilderInitial,
  type SQLiteTextJsonBuilderInitial,
  type SQLiteTimestampBuilderInitial,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { ColumnSpec, ColumnType } from "../columns.js";
import { buildColumns, type ColumnDefs, type EnumOf, finishColumn, type Kit, type Modified } from "../kit.js";
import type { IndexTarget, TablePart } from "../table-parts.js";

type Base<T extends ColumnType> = T["kind"] extends "integer"
  ? SQLiteIntegerBuilderInitial<T["name"]>
  : T["kind"] extends "text"
    ? SQLiteTextBuilderInitial<T["name"], EnumOf<T>, number | undefined>
    : T["kind"] extends "boolean"
      ? SQLiteBooleanBuilderInitial<T["name"]>
      : T["kind"] extends "timestamp"
        ? SQLiteTimestampBuilderInitial<T["name"]>
        : SQLiteTextJsonBuilderInitial<T["name"]>;

/** An integer primary key is SQLite's rowid, so it has a default as well. */
type Keyed<T extends ColumnType, B extends ColumnBuilderBase> = T["kind"] extends "integer"
  ? IsPrimaryKey<HasDefault<NotNull<B>>>
  : IsPrimaryKey<NotNull<B>>;

/** The drizzle builder type a column definition stands for on SQLite. */
export type SqliteColumnOf<T extends ColumnType> = T["kind"] extends "id"
  ? IsPrimaryKey<HasDefault<NotNull<SQLiteIntegerBuilderInitial<T["name"]>>>>
  : Modified<T, T extends { primaryKey: true } ? Keyed<T, Base<T>> : Base<T>>;

export type SqliteTableOf<N extends string, C extends ColumnDefs> = SQLiteTableWithColumns<{
  name: N;
  schema: undefined;
  columns: BuildColumns<N, { [K in keyof C]: SqliteColumnOf<C[K]["type"]> }, "sqlite">;
  dialect: "sqlite";
}>;

const now = sql`(unixepoch('subsec') * 1000)`;

function column(spec: ColumnSpec) {
  switch (spec.kind) {
    case "id":
      return integer(spec.name).primaryKey({ autoIncrement: true });
    case "integer":
      return finishColumn(integer(spec.name), spec, now);
    case "text":
      return finishColumn(text(spec.name, { enum: spec.enum as [string, ...string[]] | undefined }), spec, now);
    case "boolean":
      return finishColumn(integer(spec.name, { mode: "boolean" }), spec, now);
    case "timestamp":
      return finishColumn(integer(spec.name, { mode: "timestamp_ms" }), spec, now);
    case "json":
      return finishColumn(text(spec.name, { mode: "json" }), spec, now);
  }
}

function part(p: TablePart): SQLiteTableExtraConfigValue {
  const on = (targets: IndexTarget[]) => targets as [SQLiteColumn | SQL, ...(SQLiteColumn | SQL)[]];
  switch (p.kind) {
    case "index": {
      const built = (p.isUnique ? uniqueIndex : index)(p.name).on(...on(p.on));
      return p.where ? built.where(p.where) : built;
    }
    case "check":
      return check(p.name, p.condition);
    case "primaryKey":
      return primaryKey({ columns: p.columns as [SQLiteColumn, ...SQLiteColumn[]] });
  }
}

export const sqliteKit: Kit<"sqlite"> = {
  dialect: "sqlite",
  table<N extends string, C extends ColumnDefs>(
    name: N,
    columns: C,
    parts?: (t: { [K in keyof C]: SQLiteColumn }) => TablePart[],
  ): SqliteTableOf<N, C> {
    const table = sqliteTable(name, buildColumns(columns, column), parts && ((t) => parts(t as never).map(part)));
    // The one assertion: the built table has the columns its definitions describe, as SqliteTableOf states.
    return table as unknown as SqliteTableOf<N, C>;
  },
};
