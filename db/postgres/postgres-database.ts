/**
 * PostgreSQL, for several replicas on one database (DATABASE_URL). A pool of connections (node-postgres),
 * migrations applied at open under an advisory lock (replicas starting together migrate once), SERIALIZABLE
 * transactions retried on serialization conflicts, a change signal over LISTEN/NOTIFY and a version row,
 * and leases as advisory locks that the server frees when their holder dies.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { bindDb, type ChangeSignal, type Db, databaseErrorCode, type Query } from "../database.js";
import { PostgresChanges } from "./postgres-changes.js";
import { postgresLease } from "./postgres-lease.js";
import { Outage, type OutageReport } from "./postgres-outage.js";
import {
  describeConnectError,
  describeServer,
  journalLength,
  migrationCount,
  postgresMigrationsFolder,
} from "./postgres-server.js";
import * as schema from "./schema.js";

/** Serialization failure and deadlock: the transaction is simply run again. */
const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 6;
const MIGRATION_LOCK = 7_357_001;

export type PostgresOptions = OutageReport & {
  /** How often the change signal reads its version row behind LISTEN/NOTIFY; 200 ms by default. */
  changePollMs?: number;
  /**
   * Whether to follow other replicas' changes (LISTEN/NOTIFY and the version poll); true unless a
   * one-shot command (the CLI) opens the database: it keeps no cache, so it needs neither the listening
   * connection nor the poll, and its change signal always says "ask the database".
   */
  isFollowingChanges?: boolean;
};

/** The change signal of a process that follows no changes: nothing may be cached, so callers always read the database. */
const unfollowed: ChangeSignal & { touched(ids: readonly string[]): void; stop(): Promise<void> } = {
  current: () => null,
  onClientChange: () => () => {},
  followed: () => 0,
  follow: async () => {},
  touched: () => {},
  stop: async () => {},
};

/** Connections per replica. */
const MAX_CONNECTIONS = 10;

/** Connects, applies every committed migration not yet applied, and starts the change signal. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Db> {
  const location = describeServer(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: MAX_CONNECTIONS,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
    application_name: "secret-steward",
  });
  // An idle connection failing (the server restarted) is replaced by the pool; told once per outage.
  const outage = new Outage(options);
  pool.on("error", (error) => outage.failed(error));
  try {
    await migrateOnce(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw describeConnectError(error, location, url);
  }

  const migrationsInJournal = journalLength();
  const base = drizzle(pool, { schema });
  const storage = new AsyncLocalStorage<Query>();
  const changes =
    options.isFollowingChanges === false
      ? unfollowed
      : new PostgresChanges(url, { outage, pollMs: options.changePollMs });

  async function transaction<T>(work: (tx: Query) => Promise<T>): Promise<T> {
    const current = storage.getStore();
    if (current) return work(current);
    for (let attempt = 1; ; attempt++) {
      try {
        let touched: string[] = [];
        const result = await base.transaction(
          (tx) =>
            storage.run(tx as unknown as Query, async () => {
              const done = await work(tx as unknown as Query);
              touched = await touchedClients(tx);
              return done;
            }),
          { isolationLevel: "serializable" },
        );
        changes.touched(touched);
        return result;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE.has(databaseErrorCode(error) ?? "")) throw error;
        await sleep(Math.random() * 10 * attempt);
      }
    }
  }

  const db: Db = bindDb({
    dialect: "postgres",
    t: schema,
    base: base as unknown as Query,
    currentTx: () => storage.getStore(),
    location,
    transaction,
    changes,
    acquireLease: (name, _now, _ttlMs) => postgresLease(pool, name),
    isMigrated: async () => (await migrationCount(pool)) >= migrationsInJournal,
    pool: () => ({
      max: MAX_CONNECTIONS,
      open: pool.totalCount,
      busy: pool.totalCount - pool.idleCount,
      waiting: pool.waitingCount,
    }),
    close: async () => {
      await changes.stop();
      await pool.end();
      // Until disabled, the store stays registered with Node, which then copies it into every async
      // resource the process ever creates: a process that opens many databases (tests) would slow down.
      storage.disable();
    },
  });
  return db;
}

/** The clients this transaction changed, as the triggers noted them (migration 0005). */
async function touchedClients(tx: { execute: NodePgDatabase["execute"] }): Promise<string[]> {
  const result = await tx.execute<{ touched: string | null }>(
    sql`select current_setting('steward.touched_clients', true) as touched`,
  );
  const touched = result.rows[0]?.touched ?? "";
  return touched === "" ? [] : [...new Set(touched.split("\n").filter((id) => id !== ""))];
}

/** Migrates on one connection holding an advisory lock, so replicas starting together never race. */
async function migrateOnce(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client), { migrationsFolder: postgresMigrationsFolder() });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
