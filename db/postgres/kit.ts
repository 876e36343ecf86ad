/**
 * PostgreSQL's kit for the one table definition (db/tables.ts): integer identity ids, timestamptz(3) for
 * moments, jsonb for JSON, boolean for flags, `now()` for the current time; and the matching column types
 * (`PgTableOf`), the same that hand-written `pgTable` calls would have.
 */
import { type BuildColumns, type IsIdentity, type IsPrimaryKey, type NotNull, type SQL, sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  type PgBooleanBuilderInitial,
  type PgColumn,
  type PgIntegerBuilderInitial,
  type PgJsonbBuilderInitial,
  type PgTableExtraConfigValue,
  type PgTableWithColumns,
  type PgTextBuilderInitial,
  type PgTimestampBuilderInitial,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { ColumnSpec, ColumnType } from "../columns.js";
import { buildColumns, type ColumnDefs, type EnumOf, finishColumn, type Kit, type Modified } from "../kit.js";
import type { IndexTarget, TablePart } from "../table-parts.js";

type Base<T extends ColumnType> = T["kind"] extends "integer"
  ? PgIntegerBuilderInitial<T["name"]>
  : T["kind"] extends "text"
    ? PgTextBuilderInitial<T["name"], EnumOf<T>>
    : T["kind"] extends "boolean"
      ? PgBooleanBuilderInitial<T["name"]>
      : T["kind"] extends "timestamp"
        ? PgTimestampBuilderInitial<T["name"]>
        : PgJsonbBuilderInitial<T["name"]>;

/** The drizzle builder type a column definition stands for on PostgreSQL. */
export type PgColumnOf<T extends ColumnType> = T["kind"] extends "id"
  ? IsIdentity<IsPrimaryKey<NotNull<PgIntegerBuilderInitial<T["name"]>>>, "byDefault">
  : Modified<T, T extends { primaryKey: true } ? IsPrimaryKey<NotNull<Base<T>>> : Base<T>>;

export type PgTableOf<N extends string, C extends ColumnDefs> = PgTableWithColumns<{
  name: N;
  schema: undefined;
  columns: BuildColumns<N, { [K in keyof C]: PgColumnOf<C[K]["type"]> }, "pg">;
  dialect: "pg";
}>;

function column(spec: ColumnSpec) {
  const now = sql`now()`;
  switch (spec.kind) {
    case "id":
      return integer(spec.name).primaryKey().generatedByDefaultAsIdentity();
    case "integer":
      return finishColumn(integer(spec.name), spec, now);
    case "text":
      return finishColumn(text(spec.name, { enum: spec.enum as [string, ...string[]] | undefined }), spec, now);
    case "boolean":
      return finishColumn(boolean(spec.name), spec, now);
    case "timestamp":
      return finishColumn(timestamp(spec.name, { withTimezone: true, mode: "date", precision: 3 }), spec, now);
    case "json":
      return finishColumn(jsonb(spec.name), spec, now);
  }
}

function part(p: TablePart): PgTableExtraConfigValue {
  const on = (targets: IndexTarget[]) => targets as [PgColumn | SQL, ...(PgColumn | SQL)[]];
  switch (p.kind) {
    case "index": {
      const built = (p.isUnique ? uniqueIndex : index)(p.name).on(...on(p.on));
      return p.where ? built.where(p.where) : built;
    }
    case "check":
      return check(p.name, p.condition);
    case "primaryKey":
      return primaryKey({ columns: p.columns as [PgColumn, ...PgColumn[]] });
  }
}

export const postgresKit: Kit<"postgres"> = {
  dialect: "postgres",
  table<N extends string, C extends ColumnDefs>(
    name: N,
    columns: C,
    parts?: (t: { [K in keyof C]: PgColumn }) => TablePart[],
  ): PgTableOf<N, C> {
    const table = pgTable(name, buildColumns(columns, column), parts && ((t) => parts(t as never).map(part)));
    // The one assertion: the built table has the columns its definitions describe, as PgTableOf states.
    return table as unknown as PgTableOf<N, C>;
  },
};
