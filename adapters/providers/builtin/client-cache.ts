/**
 * Keeps each client's application and secret hashes in memory for the token endpoint's hot path. A
 * client's entry is dropped when the database says that client changed — at once for a change by this
 * process, within milliseconds for another replica's (PostgreSQL) — and everything is dropped when the
 * change signal itself moves (SQLite: any commit, the CLI's included; PostgreSQL: a missed
 * notification or a reconnect). So a deleted secret fails on the very next request here and within a
 * second everywhere, while a chat click or an identity refresh, which touch no client, cost the cache
 * nothing. When the signal cannot vouch for the cache (PostgreSQL not answering), every request goes to
 * the database.
 *
 * The signal is read once for every request that arrived in one turn of the event loop, after all of
 * them: each is still answered from a reading taken after it arrived, so "the very next request" holds,
 * while SQLite's reading (a read transaction, a few microseconds of locking) is paid once per turn
 * rather than once per token: per token it was the largest cost of ours on the hot path.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../../db/database.js";

export type TokenClient = { id: number; clientId: string; apis: string[] };
export type CachedSecret = { id: number; hash: Buffer; expiresAt: number };
export type CachedClient = { app: TokenClient; secrets: CachedSecret[] };

const RELOAD_INTERVAL_MS = 1_000;

export class ClientCache {
  private entries = new Map<string, CachedClient | null>();
  private version: string | null = null;
  /** Client changes heard so far: an entry read while one arrived may predate it, and is not kept. */
  private heard = 0;
  /** When each client was last read again on a caller's doubt (performance.now()). */
  private readonly reloadedAt = new Map<string, number>();
  /** Callers waiting for the next reading of the change signal. */
  private waiting: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly maxEntries = 10_000,
  ) {
    db.changes.onClientChange((clientId) => {
      this.entries.delete(clientId);
      this.heard++;
    });
  }

  /**
   * The client with every secret it has (expired ones too: callers compare with their own now), as the
   * database has it at a moment after this call.
   */
  async get(clientId: string): Promise<CachedClient | null> {
    await new Promise<void>((ready) => this.afterReading(ready));
    const cached = this.entries.get(clientId);
    if (cached !== undefined) return cached;
    const version = this.version;
    const heard = this.heard;
    const client = await this.load(clientId);
    // Unknown client ids are cached too (an attacker's guesses cost no query), within a bound. An entry
    // read while the signal moved or a client change arrived is not kept: it may predate the change.
    if (version !== null && this.db.changes.current() === version && this.heard === heard) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(clientId, client);
    }
    return client;
  }

  /**
   * The client read from the database again (a caller's doubt: a change whose notice is still on its
   * way), at most once a second per client, so guesses at a client's secret cannot turn into a query
   * each; within that second the entry in memory answers.
   */
  async reload(clientId: string): Promise<CachedClient | null> {
    const now = performance.now();
    const last = this.reloadedAt.get(clientId);
    if (last === undefined || now - last >= RELOAD_INTERVAL_MS) {
      if (this.reloadedAt.size >= this.maxEntries) this.reloadedAt.clear();
      this.reloadedAt.set(clientId, now);
      this.entries.delete(clientId);
    }
    return this.get(clientId);
  }

  /**
   * Calls `ready` once the change signal has been read after this call (and everything dropped if it
   * moved), on the event loop's next check phase: every caller of this turn shares that one reading.
   */
  private afterReading(ready: () => void): void {
    this.waiting.push(ready);
    if (this.waiting.length === 1) setImmediate(() => this.read());
  }

  private read(): void {
    const waiting = this.waiting;
    this.waiting = [];
    let version: string | null = null;
    try {
      version = this.db.changes.current();
    } catch {
      // Not readable (the database closing): memory cannot be vouched for; `load` meets the error itself.
    }
    if (version === null || version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    for (const ready of waiting) ready();
  }

  /** Whether the next `get` of this client answers from memory (no query). */
  has(clientId: string): boolean {
    return this.version !== null && this.version === this.db.changes.current() && this.entries.has(clientId);
  }

  private async load(clientId: string): Promise<CachedClient | null> {
    const { applications, clientSecrets } = this.db.t;
    const [app] = await this.db
      .select({ id: applications.id, clientId: applications.clientId, apis: applications.apis })
      .from(applications)
      .where(and(eq(applications.clientId, clientId), eq(applications.provider, "builtin")));
    if (!app) return null;
    const secrets = await this.db
      .select({ id: clientSecrets.id, hash: clientSecrets.hash, expiresAt: clientSecrets.expiresAt })
      .from(clientSecrets)
      .where(and(eq(clientSecrets.applicationId, app.id), isNotNull(clientSecrets.hash)));
    return {
      app,
      secrets: secrets.map((s) => ({
        id: s.id,
        hash: Buffer.from(s.hash ?? "", "hex"),
        expiresAt: s.expiresAt.getTime(),
      })),
    };
  }
}
