/**
 * A timestamp column read as Unix milliseconds (a number) instead of a Date: SQLite stores them so
 * already; PostgreSQL computes them from its timestamptz. For scans of hundreds of thousands of rows
 * (the reminder planning), parsing PostgreSQL's timestamp text into Dates costs more than the query.
 */
import { type Column, type SQL, sql } from "drizzle-orm";
import type { Db } from "./database.js";

export function epochMs<C extends Column>(
  db: Pick<Db, "dialect">,
  column: C,
): SQL<C["_"]["notNull"] extends true ? number : number | null> {
  return db.dialect === "sqlite"
    ? sql`${column}`
    : // float8: pg parses it as a number (numeric would arrive as text); whole milliseconds are exact.
      sql`(extract(epoch from ${column}) * 1000)::float8`;
}
