/**
 * `column IN (ids)` with the whole list as one bound parameter — a JSON array read by `json_each` on
 * SQLite, an `integer[]` on PostgreSQL — instead of one parameter per id. For the batches of thousands
 * the reminder planning looks up, that spares building, binding and compiling thousands of placeholders
 * per query, and the statement text stays the same whatever the batch size.
 */
import { type Column, type SQL, sql } from "drizzle-orm";
import type { Db } from "./database.js";

export function inIds(db: Pick<Db, "dialect">, column: Column, ids: readonly number[]): SQL {
  return db.dialect === "sqlite"
    ? sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`
    : // The array's text form written here at once: node-postgres would quote and escape each id.
      sql`${column} = any(${`{${ids.join(",")}}`}::integer[])`;
}
