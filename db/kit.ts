/**
 * What each dialect lends the one table definition (db/tables.ts): `table`, which turns column
 * definitions (db/columns.ts) and table parts (db/table-parts.ts) into that dialect's drizzle table.
 *
 * The table's type is computed from the same definitions by each dialect's mapping (`PgTableOf`,
 * `SqliteTableOf`), so `defineTables(postgresKit)` is typed exactly as hand-written `pgTable` calls were
 * and queries written against it stay typed; `TableOf` picks the mapping by dialect.
 */
import type { $Type, AnyColumn, ColumnBuilderBase, HasDefault, NotNull, SQL } from "drizzle-orm";
import { type AnyColumnDef, type ColumnSpec, type ColumnType, NOW, type OnDelete } from "./columns.js";
import type { Dialect } from "./database.js";
import type { PgTableOf } from "./postgres/kit.js";
import type { SqliteTableOf } from "./sqlite/kit.js";
import type { TablePart } from "./table-parts.js";

export type ColumnDefs = Record<string, AnyColumnDef>;

/** A table's columns as its parts (indexes, checks, keys) refer to them. */
export type PartColumns<C extends ColumnDefs> = { [K in keyof C]: AnyColumn };

export type TableOf<D extends Dialect, N extends string, C extends ColumnDefs> = D extends "postgres"
  ? PgTableOf<N, C>
  : SqliteTableOf<N, C>;

/** Tables of another group that a group's foreign keys point at: only their `id` matters there. */
export type Referenced<Name extends string> = { readonly [N in Name]: { readonly id: AnyColumn } };

export type Kit<D extends Dialect> = {
  readonly dialect: D;
  table<N extends string, C extends ColumnDefs>(
    name: N,
    columns: C,
    parts?: (t: PartColumns<C>) => TablePart[],
  ): TableOf<D, N, C>;
};

/** An enumeration as drizzle types it (a mutable tuple); any text without one. */
export type EnumOf<T extends ColumnType> = T["enum"] extends readonly [
  infer F extends string,
  ...infer R extends string[],
]
  ? [F, ...R]
  : [string, ...string[]];

/** drizzle's type wrappers for what a definition adds to a column; both mappings share them. */
export type Modified<T extends ColumnType, B extends ColumnBuilderBase> = WithDefault<
  T,
  WithNotNull<T, WithType<T, B>>
>;
type WithType<T, B extends ColumnBuilderBase> = T extends { $type: infer U } ? $Type<B, U> : B;
type WithNotNull<T, B extends ColumnBuilderBase> = T extends { notNull: true } ? NotNull<B> : B;
type WithDefault<T, B extends ColumnBuilderBase> = T extends { hasDefault: true } ? HasDefault<B> : B;

/** What both dialects' column builders can do; they change the builder in place. */
type Finishable = {
  primaryKey(): unknown;
  notNull(): unknown;
  unique(): unknown;
  default(value: unknown): unknown;
  references(column: () => AnyColumn, actions: { onDelete: OnDelete }): unknown;
};

/** Applies a definition's primary key, not null, unique, default and foreign key to a dialect's builder. */
export function finishColumn<B extends Finishable>(builder: B, spec: ColumnSpec, now: SQL): B {
  if (spec.isPrimaryKey) builder.primaryKey();
  if (spec.isNotNull) builder.notNull();
  if (spec.isUnique) builder.unique();
  if (spec.default !== undefined) builder.default(spec.default === NOW ? now : spec.default);
  if (spec.references) builder.references(spec.references.column, { onDelete: spec.references.onDelete });
  return builder;
}

/** Each column definition built by the dialect's `build`, under the same keys. */
export function buildColumns<B>(columns: ColumnDefs, build: (spec: ColumnSpec) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(columns).map(([key, def]) => [key, build(def.spec)]));
}
