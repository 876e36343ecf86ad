/**
 * The one asynchronous data layer every verb, job and adapter uses, whichever database is underneath:
 * the embedded SQLite file (the default) or a PostgreSQL server shared by several replicas.
 *
 * Queries are written once with drizzle's query builder. `Query` is typed as PostgreSQL's builder and
 * restricted to what both dialects have (select, insert … on conflict, update, delete, returning); at
 * run time it is the open database's own builder, and `db.t` holds that dialect's tables. Where the
 * dialects truly differ — transactions, the change signal, leases, readiness, backup — each dialect has
 * its own small module behind the methods below.
 */
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type * as pgSchema from "./postgres/schema.js";

export type Dialect = "sqlite" | "postgres";

/** The tables, typed as the PostgreSQL ones; `db.t` holds the open dialect's tables with the same shape. */
export type Schema = typeof pgSchema;

/** The query builder both dialects share. */
export type Query = Pick<NodePgDatabase<Schema>, "select" | "selectDistinct" | "insert" | "update" | "delete">;

/** A named lease: a job holding it runs on one process (and one replica) at a time. */
export type Lease = {
  /** Gives the lease up. */
  release(): Promise<void>;
  /** Keeps the lease for another ttl from `now`; false when it was lost meanwhile. */
  renew(now: Date): Promise<boolean>;
};

/**
 * Tells caches when data they hold may have changed, in this process or in any other (the CLI, another
 * replica). `current()` is cheap enough for every token request.
 */
export type ChangeSignal = {
  /**
   * A token that differs whenever everything cached may be stale (a change no client was named for, a
   * missed notification, a reconnect); null when that cannot be known right now.
   */
  current(): string | null;
  /**
   * Calls `listener` with the clientId of an application whose row or secrets changed, as soon as this
   * process knows: at once for its own commits, within milliseconds for another replica's (PostgreSQL).
   * Where changes are not told per client (SQLite), `current()` moves instead. Returns the unsubscribe.
   */
  onClientChange(listener: (clientId: string) => void): () => void;
  /** A number that grows with every change this process has followed, per client or whole. */
  followed(): number;
  /**
   * Starts following other processes' changes, once; resolves when it does (PostgreSQL: listening, and
   * the version row read). A server starts it as it starts; otherwise the first `current()` does, and
   * is null until then, so a process that never caches never holds a listening connection.
   */
  follow(): Promise<void>;
};

/** The connection pool right now, for GET /metrics (SQLite: its one connection and the transactions queued for it). */
export type PoolFigures = { max: number; open: number; busy: number; waiting: number };

export type Db = Query & {
  readonly dialect: Dialect;
  /** The open dialect's tables. */
  readonly t: Schema;
  /**
   * Runs `work` in one transaction and returns its result; a thrown error rolls everything back. Called
   * inside a transaction it joins it. Inside `work`, `db` itself is the transaction too, so helpers that
   * take `db` join without being passed `tx`. SQLite: serialised within the process (BEGIN IMMEDIATE);
   * PostgreSQL: SERIALIZABLE, retried when the server reports a serialization conflict. Every write
   * goes through here (on SQLite a write outside a transaction is refused, so tests find one).
   */
  transaction<T>(work: (tx: Query) => Promise<T>): Promise<T>;
  readonly changes: ChangeSignal;
  /** Takes the named lease, or null when a live holder has it. */
  acquireLease(name: string, now: Date, ttlMs: number): Promise<Lease | null>;
  /** True when the database answers and every committed migration is applied (readiness). */
  isMigrated(): Promise<boolean>;
  /** Where the data lives, for messages: the SQLite file, or PostgreSQL's host, port and database (never a password). */
  readonly location: string;
  /** How busy the connections are right now; cheap (no query). */
  pool(): PoolFigures;
  /** A consistent online copy of the database into a new file; SQLite only. */
  readonly backup?: (file: string) => Promise<void>;
  close(): Promise<void>;
};

/** What a dialect module provides; `bindDb` turns it into a `Db`. */
export type DialectParts = Omit<Db, keyof Query> & {
  /** The dialect's drizzle instance. */
  readonly base: Query;
  /** The transaction `work` currently runs in, if any (from AsyncLocalStorage). */
  readonly currentTx: () => Query | undefined;
};

/**
 * The `Db` object: the dialect's methods, and every query-builder call routed to the current transaction
 * when there is one, else to the database.
 */
export function bindDb(parts: DialectParts): Db {
  const { base, currentTx, ...methods } = parts;
  return new Proxy(methods, {
    get(target, prop, receiver) {
      if (prop in target) return Reflect.get(target, prop, receiver);
      const query = currentTx() ?? base;
      const value = Reflect.get(query, prop, query);
      return typeof value === "function" ? value.bind(query) : value;
    },
  }) as Db;
}

/** The database's own error code (SQLSTATE on PostgreSQL, SQLITE_… on SQLite), looking through drizzle's wrapper. */
export function databaseErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e instanceof AggregateError ? e.errors[0] : e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** A unique constraint refused the row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY). */
export const isUniqueViolation = (error: unknown): boolean => {
  const code = databaseErrorCode(error);
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
};

/** The database cannot be reached (or refuses us); `message` names it without a password and is safe to show. */
export class DatabaseUnavailable extends Error {
  override readonly name = "DatabaseUnavailable";
}

/** Connection-level failures: refused, reset, terminated, timed out, or the server shutting down (class 08, 57P0x). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailable) return true;
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (/^(08|57P0)/.test(code) || /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT)$/.test(code)))
      return true;
    if (
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
        e.message,
      )
    )
      return true;
  }
  return false;
}
