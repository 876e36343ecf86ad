/**
 * A migrated PostgreSQL database's schema as facts (schema-shape.ts), read from information_schema
 * (columns) and pg_catalog (indexes, including those behind unique and primary-key constraints; checks;
 * foreign keys) in the `public` schema. Takes any client, so it can read inside a transaction that is
 * rolled back afterwards.
 */
import type pg from "pg";
import { type Shape, tableFacts } from "./schema-shape.js";

type ColumnRow = {
  table_name: string;
  column_name: string;
  is_nullable: "YES" | "NO";
  column_default: string | null;
  data_type: string;
  udt_name: string;
  datetime_precision: number | null;
  identity_generation: "ALWAYS" | "BY DEFAULT" | null;
};
type IndexRow = {
  table: string;
  name: string;
  is_unique: boolean;
  is_primary: boolean;
  keys: string[];
  predicate: string | null;
};
type ConstraintRow = {
  table: string;
  name: string;
  type: "c" | "f";
  definition: string;
  columns: string[];
  ref_table: string | null;
  ref_columns: string[];
  on_delete: string;
  on_update: string;
};

const COLUMNS = `
  select table_name, column_name, is_nullable, column_default, data_type, udt_name, datetime_precision, identity_generation
  from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`;

const INDEXES = `
  select t.relname as table, i.relname as name, x.indisunique as is_unique, x.indisprimary as is_primary,
    array(select pg_get_indexdef(x.indexrelid, k, true) from generate_series(1, x.indnkeyatts) k) as keys,
    pg_get_expr(x.indpred, x.indrelid, true) as predicate
  from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
  where t.relnamespace = 'public'::regnamespace`;

const names = (table: string, attributes: string) => `
  array(select a.attname::text from unnest(${attributes}) with ordinality k(n, i)
    join pg_attribute a on a.attrelid = ${table} and a.attnum = k.n order by k.i)`;

const CONSTRAINTS = `
  select (select relname from pg_class where oid = c.conrelid) as table, c.conname as name, c.contype as type,
    pg_get_constraintdef(c.oid, true) as definition, ${names("c.conrelid", "c.conkey")} as columns,
    (select relname from pg_class where oid = c.confrelid) as ref_table, ${names("c.confrelid", "c.confkey")} as ref_columns,
    c.confdeltype as on_delete, c.confupdtype as on_update
  from pg_constraint c where c.connamespace = 'public'::regnamespace and c.contype in ('c', 'f')`;

const ACTIONS: Record<string, string> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

/**
 * The common types: a moment is timestamptz to the millisecond, as SQLite keeps it. Anything else keeps
 * PostgreSQL's own name (`bigint`, `timestamp without time zone`), so it shows as a difference.
 */
function commonType(c: ColumnRow): string {
  if (c.udt_name === "timestamptz" && c.datetime_precision === 3) return "timestamp";
  return COMMON[c.udt_name] ?? c.data_type;
}

const COMMON: Record<string, string> = { int4: "integer", text: "text", bool: "boolean", jsonb: "json" };

/** The facts of every table in `public` but those in `except` (PostgreSQL's replica-only tables). */
export async function postgresShape(client: pg.ClientBase, except: string[] = []): Promise<Shape> {
  const shape: Shape = new Map();
  const facts = (table: string) => tableFacts(shape, table);
  const keep = (row: { table?: string; table_name?: string }) => !except.includes(row.table ?? row.table_name ?? "");
  for (const c of (await client.query<ColumnRow>(COLUMNS)).rows.filter(keep)) {
    const generated =
      c.identity_generation === "BY DEFAULT" ? "generated" : c.identity_generation && "generated always";
    facts(c.table_name).column(c.column_name, {
      type: commonType(c),
      isNotNull: c.is_nullable === "NO",
      default: generated || (c.column_default === "now()" ? "now" : c.column_default),
    });
  }
  for (const i of (await client.query<IndexRow>(INDEXES)).rows.filter(keep)) {
    if (i.is_primary) facts(i.table).primaryKey(i.keys);
    else facts(i.table).index(i.name, { keys: i.keys, isUnique: i.is_unique, where: i.predicate });
  }
  for (const c of (await client.query<ConstraintRow>(CONSTRAINTS)).rows.filter(keep)) {
    if (c.type === "c") facts(c.table).check(c.name, c.definition.replace(/^CHECK\s*/, ""));
    else
      facts(c.table).foreignKey({
        columns: c.columns,
        table: c.ref_table ?? "",
        to: c.ref_columns,
        onDelete: ACTIONS[c.on_delete] ?? c.on_delete,
        onUpdate: ACTIONS[c.on_update] ?? c.on_update,
      });
  }
  return shape;
}
