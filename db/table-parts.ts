/**
 * What a table has besides its columns, written once for both dialects: indexes (plain, unique, partial,
 * on expressions), checks and composite primary keys. Each dialect's kit builds its own from these, under
 * the same names, so the migrations of both dialects name them alike.
 */
import type { AnyColumn, SQL } from "drizzle-orm";

export type TablePart =
  | {
      readonly kind: "index";
      readonly name: string;
      readonly on: IndexTarget[];
      readonly isUnique: boolean;
      readonly where?: SQL;
    }
  | { readonly kind: "check"; readonly name: string; readonly condition: SQL }
  | { readonly kind: "primaryKey"; readonly columns: AnyColumn[] };

/** A column, or an expression such as `lower(name)`. */
export type IndexTarget = AnyColumn | SQL;

export const index = (name: string, on: IndexTarget[]): TablePart => ({ kind: "index", name, on, isUnique: false });

/** A unique index; with `where`, a partial one (unique only among the rows that match). */
export const uniqueIndex = (name: string, on: IndexTarget[], where?: SQL): TablePart => ({
  kind: "index",
  name,
  on,
  isUnique: true,
  ...(where ? { where } : {}),
});

export const check = (name: string, condition: SQL): TablePart => ({ kind: "check", name, condition });

/** A primary key over several columns, named as drizzle names it (`<table>_<columns>_pk`). */
export const primaryKey = (...columns: AnyColumn[]): TablePart => ({ kind: "primaryKey", columns });
