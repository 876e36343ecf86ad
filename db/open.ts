/**
 * Opens the configured database and applies its migrations: PostgreSQL when DATABASE_URL is set,
 * otherwise the SQLite file at DATABASE_PATH. Each dialect's driver is loaded only when used.
 */
import type { Db } from "./database.js";
import type { PostgresOptions } from "./postgres/postgres-database.js";

export type DatabaseSettings = { databasePath: string; databaseUrl?: string | undefined };

/** What the opener may tune; all of it is about PostgreSQL (SQLite has no pool and no change poll). */
export type DatabaseOptions = PostgresOptions;

export async function openDatabase(settings: DatabaseSettings, options: DatabaseOptions = {}): Promise<Db> {
  if (settings.databaseUrl) {
    const { openPostgres } = await import("./postgres/postgres-database.js");
    return openPostgres(settings.databaseUrl, options);
  }
  const { openSqlite } = await import("./sqlite/sqlite-database.js");
  return openSqlite(settings.databasePath);
}
