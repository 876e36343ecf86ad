/**
 * Columns described once for both dialects. A `ColumnDef` says what a column is (an id, an integer,
 * text, optionally from an enumeration, a flag, a moment, JSON), its name, and whether it is not null,
 * has a default, is a primary key, unique or a foreign key. Each dialect's kit (db/sqlite/kit.ts,
 * db/postgres/kit.ts) turns it into that dialect's drizzle column; the type parameter carries the same
 * facts at compile time, so each kit can also name the exact drizzle column type and queries stay typed.
 *
 * drizzle's own builders cannot be shared: a chain like `text(…).notNull()` is typed by its dialect's
 * class, so a definition written once against "either dialect" would lose the column types.
 */
import type { AnyColumn } from "drizzle-orm";

export type ColumnKind = "id" | "integer" | "text" | "boolean" | "timestamp" | "json";
export type EnumValues = readonly [string, ...string[]];
export type OnDelete = "cascade" | "restrict" | "set null";

/** The compile-time facts of a column; `$type` narrows a JSON column's data, as drizzle's `$type` does. */
export type ColumnType = {
  kind: ColumnKind;
  name: string;
  enum: EnumValues | undefined;
  notNull: boolean;
  hasDefault: boolean;
  primaryKey: boolean;
};

/** The run-time facts of a column, which a kit reads to build it. */
export type ColumnSpec = {
  readonly kind: ColumnKind;
  readonly name: string;
  readonly enum?: EnumValues | undefined;
  readonly isNotNull?: boolean;
  readonly isPrimaryKey?: boolean;
  readonly isUnique?: boolean;
  /** A value, or `NOW`: the dialect's current time (SQLite's Unix milliseconds, PostgreSQL's now()). */
  readonly default?: unknown;
  readonly references?: { readonly column: () => AnyColumn; readonly onDelete: OnDelete };
};

/** The current time as the dialect writes it in a default. */
export const NOW: unique symbol = Symbol("now");

/** What a value of the column is in TypeScript, for `default`. */
export type DataOf<T extends ColumnType> = T extends { $type: infer U }
  ? U
  : T["kind"] extends "id" | "integer"
    ? number
    : T["kind"] extends "text"
      ? T["enum"] extends EnumValues
        ? T["enum"][number]
        : string
      : T["kind"] extends "boolean"
        ? boolean
        : T["kind"] extends "timestamp"
          ? Date
          : unknown;

type With<T, U> = Omit<T, keyof U> & U;

export class ColumnDef<T extends ColumnType> {
  /** Compile time only: the facts the kits map to drizzle's column types. */
  declare readonly type: T;
  constructor(readonly spec: ColumnSpec) {}

  notNull(): ColumnDef<With<T, { notNull: true }>> {
    return new ColumnDef({ ...this.spec, isNotNull: true });
  }
  default(value: DataOf<T>): ColumnDef<With<T, { hasDefault: true }>> {
    return new ColumnDef({ ...this.spec, default: value });
  }
  /** Defaults to the moment the row is written (for a timestamp). */
  defaultNow(): ColumnDef<With<T, { hasDefault: true }>> {
    return new ColumnDef({ ...this.spec, default: NOW });
  }
  $type<U>(): ColumnDef<With<T, { $type: U }>> {
    return new ColumnDef(this.spec);
  }
  primaryKey(): ColumnDef<With<T, { primaryKey: true; notNull: true }>> {
    return new ColumnDef({ ...this.spec, isPrimaryKey: true, isNotNull: true });
  }
  /** A unique constraint named `<table>_<column>_unique`, as drizzle names it. */
  unique(): ColumnDef<T> {
    return new ColumnDef({ ...this.spec, isUnique: true });
  }
  references(column: () => AnyColumn, actions: { onDelete: OnDelete }): ColumnDef<T> {
    return new ColumnDef({ ...this.spec, references: { column, onDelete: actions.onDelete } });
  }
}

export type AnyColumnDef = ColumnDef<ColumnType>;

type Plain<K extends ColumnKind, N extends string, E extends EnumValues | undefined = undefined> = ColumnDef<{
  kind: K;
  name: N;
  enum: E;
  notNull: false;
  hasDefault: false;
  primaryKey: false;
}>;

const plain = <K extends ColumnKind, N extends string>(kind: K, name: N): Plain<K, N> => new ColumnDef({ kind, name });

/** The table's own id: a generated integer primary key (SQLite's autoincrement, PostgreSQL's identity). */
export const id = (): Plain<"id", "id"> => plain("id", "id");
export const integer = <N extends string>(name: N) => plain("integer", name);
export const boolean = <N extends string>(name: N) => plain("boolean", name);
/** A moment, to the millisecond: Unix milliseconds on SQLite, timestamptz(3) on PostgreSQL; a Date in code. */
export const timestamp = <N extends string>(name: N) => plain("timestamp", name);
/** JSON: text on SQLite, jsonb on PostgreSQL; narrow it with `$type`. */
export const json = <N extends string>(name: N) => plain("json", name);
/** Text; with `values`, typed in code as one of them (the database does not check them: plain text). */
export const text = <N extends string, const E extends EnumValues | undefined = undefined>(
  name: N,
  values?: E,
): Plain<"text", N, E> => new ColumnDef({ kind: "text", name, enum: values });

/** When the row was written. */
export const createdAt = () => timestamp("created_at").notNull().defaultNow();
