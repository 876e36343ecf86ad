/**
 * Opens the SQLite database with the pragmas the bot relies on and applies committed migrations.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const here = dirname(fileURLToPath(import.meta.url));

/** The committed migrations folder, whether running from source (db/) or from the build (dist/db/). */
export const migrationsFolder = [join(here, "migrations"), join(here, "..", "..", "db", "migrations")].find((dir) =>
  existsSync(join(dir, "meta", "_journal.json")),
);

/** Opens (creating if needed) the database file: WAL, foreign keys on, a busy timeout for concurrent writers. */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return drizzle(sqlite, { schema }) as Db;
}

/** Applies every committed migration not yet applied; safe to run on every start. */
export function migrateDatabase(db: Db): void {
  if (!migrationsFolder) throw new Error("db/migrations is missing from this installation");
  migrate(db, { migrationsFolder });
}

/** True when the database answers and every committed migration has been applied (readiness). */
export function isMigrated(db: Db): boolean {
  if (!migrationsFolder) return false;
  const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  const hasTable = db.$client
    .prepare("select count(*) from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .pluck()
    .get() as number;
  if (hasTable === 0) return journal.entries.length === 0;
  const applied = db.$client.prepare("select count(*) from __drizzle_migrations").pluck().get() as number;
  return applied >= journal.entries.length;
}
