/**
 * The change signal across replicas. Triggers bump a version row and NOTIFY `steward_changes` with the
 * new version and the client id whenever an application or a secret the token endpoint relies on
 * changes (see migration 0005), so each replica drops that client's cache entry only, within
 * milliseconds. Each replica also reads the version row every 200 ms (`pollMs`), on the listening
 * connection itself: a version it has not heard of by the poll after it saw it is a missed
 * notification, and `current()` moves so caches drop everything; and the read proves that the database
 * still answers and that this connection still listens: when none has succeeded for a second (or five
 * polls, if they are further apart), `current()` is null and callers go to the database instead of
 * their cache. (The poll takes no connection from the pool, so following changes costs one connection.)
 * Following starts with `follow()` (a server, as it starts) or the first `current()`, not when the
 * database is opened: a command or a console that caches nothing holds no listening connection.
 */
import pg from "pg";
import type { ChangeSignal } from "../database.js";
import type { Outage } from "./postgres-outage.js";

export const CHANGE_CHANNEL = "steward_changes";
const POLL_MS = 200;
const STALE_MS = 1_000;
const RECONNECT_MS = 1_000;

export type ChangeOptions = {
  /** Told when the database stops answering (a read or the listening connection fails) and when it answers again. */
  outage?: Outage;
  /** How often the version row is read; 200 ms unless a test waiting for another process shortens it. */
  pollMs?: number;
};

export class PostgresChanges implements ChangeSignal {
  /** Moves when everything cached may be stale. */
  private counter = 0;
  /** The newest version this process has followed: heard of, or caught up with by a reset; null until the first read. */
  private version: number | null = null;
  /** A version the last poll read that no notification had announced yet. */
  private unheard: number | null = null;
  /** Changes followed so far, per client or whole: only grows. */
  private seen = 0;
  private readonly listeners = new Set<(clientId: string) => void>();
  /** When the last poll succeeded (performance.now()); never, until following has started. */
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private started: Promise<void> | null = null;
  private listener: pg.Client | null = null;
  private poller: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private isStopped = false;
  private readonly outage: Outage | undefined;
  private readonly pollMs: number;
  private readonly staleMs: number;

  constructor(
    private readonly url: string,
    options: ChangeOptions = {},
  ) {
    this.outage = options.outage;
    this.pollMs = options.pollMs ?? POLL_MS;
    this.staleMs = Math.max(STALE_MS, 5 * this.pollMs);
  }

  follow(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  private async start(): Promise<void> {
    await this.listen();
    await this.poll();
    if (this.isStopped) return;
    this.poller = setInterval(() => void this.poll(), this.pollMs);
    this.poller.unref();
  }

  current(): string | null {
    if (!this.started) void this.follow();
    return performance.now() - this.confirmedAt > this.staleMs ? null : String(this.counter);
  }

  onClientChange(listener: (clientId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  followed(): number {
    return this.seen;
  }

  /** A transaction of this process committed changes to these clients: its own caches must not wait for the notification. */
  touched(clientIds: readonly string[]): void {
    for (const clientId of clientIds) this.tell(clientId);
  }

  private tell(clientId: string): void {
    for (const listener of this.listeners) listener(clientId);
  }

  /** Everything cached may be stale: a missed notification, a reconnect, a change that named no client. */
  private reset(version: number | null): void {
    this.counter++;
    this.seen++;
    this.version = version;
    this.unheard = null;
  }

  private heard(payload: string): void {
    const [version, clientId] = payload.split("\n");
    const n = Number(version);
    if (!clientId || !Number.isSafeInteger(n)) {
      this.reset(this.version);
      return;
    }
    this.version = Math.max(this.version ?? n, n);
    this.seen++;
    this.tell(clientId);
  }

  private async poll(): Promise<void> {
    // Not listening (connecting again): nothing is confirmed, so current() turns null in time.
    const client = this.listener;
    if (!client) return;
    try {
      const result = await client.query<{ version: string }>(
        "select version from change_versions where name = 'token_clients'",
      );
      const version = Number(result.rows[0]?.version ?? 0);
      if (this.version === null) this.version = version;
      else if (version > this.version) {
        // Its notification may simply still be on its way; by the next poll it has come, or it never will.
        if (this.unheard !== null && this.unheard <= version) this.reset(version);
        else this.unheard = version;
      } else this.unheard = null;
      this.confirmedAt = performance.now();
      this.outage?.answered();
    } catch (error) {
      // The database is away: current() turns null after staleMs, and the next poll tries again.
      this.outage?.failed(error as Error);
    }
  }

  private async listen(): Promise<void> {
    if (this.isStopped) return;
    const client = new pg.Client({ connectionString: this.url, application_name: "secret-steward-listen" });
    const retry = (error?: Error) => {
      if (error) this.outage?.failed(error);
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => {});
      // Notifications sent while no one listened are lost: drop everything, and catch up at the next read.
      this.reset(null);
      this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
      this.reconnect.unref();
    };
    try {
      this.listener = client;
      client.on("notification", (message) => this.heard(message.payload ?? ""));
      client.on("error", retry);
      client.on("end", () => retry());
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      retry(error as Error);
    }
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    clearInterval(this.poller);
    clearTimeout(this.reconnect);
    const client = this.listener;
    this.listener = null;
    this.listeners.clear();
    await client?.end().catch(() => {});
  }
}
