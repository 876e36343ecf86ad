/**
 * The embedded SQLite database (better-sqlite3): WAL, foreign keys, a busy timeout for the CLI writing
 * beside the bot, and the committed migrations applied at open.
 *
 * better-sqlite3 is synchronous and has one connection, so an asynchronous transaction is made safe by
 * serialising transactions in this process (an async mutex around BEGIN IMMEDIATE … COMMIT) and by
 * refusing any write outside one: otherwise a write from elsewhere could land inside another
 * transaction while it awaits, and vanish with its rollback.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { bindDb, type Db, type Query } from "../database.js";
import * as schema from "./schema.js";
import { sqliteLease } from "./sqlite-lease.js";
import { keepStatements } from "./statement-cache.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The committed migrations, whether running from source (db/sqlite) or from the build (dist/db/sqlite). */
export const sqliteMigrationsFolder = [
  join(here, "migrations"),
  join(here, "..", "..", "..", "db", "sqlite", "migrations"),
].find((dir) => existsSync(join(dir, "meta", "_journal.json")));

const WRITE = /^\s*(insert|update|delete|replace)\b/i;

/** Opens (creating if needed) the database file and applies every committed migration not yet applied. */
export function openSqlite(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const client = new Database(path);
  client.pragma("journal_mode = WAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  client.pragma("synchronous = NORMAL");
  // Up to 32 MiB of pages kept (SQLite's default is 2 MiB): a reminder pass over a million secrets reads
  // several MiB of index pages per batch, which would otherwise be read from the file again and again.
  client.pragma("cache_size = -32768");
  keepStatements(client);

  const inTransaction = new AsyncLocalStorage<true>();
  let isMigrating = false;
  const base = drizzle(client, {
    schema,
    logger: {
      logQuery(query) {
        if (!isMigrating && !inTransaction.getStore() && WRITE.test(query)) {
          throw new Error("a database write outside db.transaction(); wrap it in one");
        }
      },
    },
  });

  const query = base as unknown as Query;

  if (!sqliteMigrationsFolder) throw new Error("db/sqlite/migrations is missing from this installation");
  isMigrating = true;
  try {
    migrate(base, { migrationsFolder: sqliteMigrationsFolder });
  } finally {
    isMigrating = false;
  }

  // Transactions take turns; `epoch` counts finished ones so the change signal also sees rollbacks.
  let queue: Promise<unknown> = Promise.resolve();
  let epoch = 0;
  let waiting = 0;
  const begin = client.prepare("BEGIN IMMEDIATE");
  const commit = client.prepare("COMMIT");
  const rollback = client.prepare("ROLLBACK");
  const dataVersion = client.prepare<[], number>("pragma data_version").pluck();
  const totalChanges = client.prepare<[], number>("select total_changes()").pluck();

  async function transaction<T>(work: (tx: Query) => Promise<T>): Promise<T> {
    if (inTransaction.getStore()) return work(query);
    const previous = queue;
    let done: () => void = () => {};
    queue = new Promise<void>((resolve) => {
      done = resolve;
    });
    waiting++;
    await previous;
    waiting--;
    try {
      begin.run();
      try {
        // `await` inside run(): a returned query builder executes in the transaction's context.
        const result = await inTransaction.run(true, async () => await work(query));
        commit.run();
        return result;
      } catch (error) {
        if (client.inTransaction) rollback.run();
        throw error;
      } finally {
        epoch++;
      }
    } finally {
      done();
    }
  }

  const journal = () =>
    (JSON.parse(readFileSync(join(sqliteMigrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: unknown[] })
      .entries.length;

  const db: Db = bindDb({
    dialect: "sqlite",
    t: schema as unknown as Db["t"],
    base: query,
    currentTx: () => undefined,
    location: path,
    pool: () => ({ max: 1, open: 1, busy: client.inTransaction ? 1 : 0, waiting }),
    transaction,
    // Two tiny statements are cheaper than one query that combines them (measured: 1.5 µs against 2.4 µs).
    // data_version moves when another process (the CLI) commits; total_changes and epoch when this one does.
    // SQLite tells no client apart: any commit moves current(), and caches drop everything.
    changes: {
      current: () => `${dataVersion.get()}:${totalChanges.get()}:${epoch}`,
      onClientChange: () => () => {},
      followed: () => (dataVersion.get() ?? 0) + (totalChanges.get() ?? 0) + epoch,
      follow: async () => {},
    },
    acquireLease: (name, now, ttlMs) => sqliteLease(db, name, now, ttlMs),
    isMigrated: async () => {
      const hasTable = client
        .prepare("select count(*) from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
        .pluck()
        .get() as number;
      if (hasTable === 0) return journal() === 0;
      return (client.prepare("select count(*) from __drizzle_migrations").pluck().get() as number) >= journal();
    },
    backup: async (file) => {
      await client.backup(file);
    },
    close: async () => {
      client.close();
      // See postgres-database.ts: an enabled store costs every async resource of the process.
      inTransaction.disable();
    },
  });
  return db;
}
