/**
 * The change signal across replicas. Triggers bump a version row and NOTIFY `steward_changes` whenever
 * an application or a secret the token endpoint relies on changes (see the migration). Each replica
 * LISTENs for that (a change elsewhere is seen in milliseconds) and also reads the version row every
 * 200 ms (`pollMs`), which covers a lost notification and proves the database still answers: when no
 * read has succeeded for a second (or five polls, if they are further apart), `current()` is null and
 * callers go to the database instead of their cache.
 */
import pg from "pg";
import type { ChangeSignal } from "../database.js";

export const CHANGE_CHANNEL = "steward_changes";
const POLL_MS = 200;
const STALE_MS = 1_000;
const RECONNECT_MS = 1_000;

export type ChangeOptions = {
  /** Called when the listening connection fails; it is opened again after a second. */
  onError?: (error: Error) => void;
  /** How often the version row is read; 200 ms unless a test waiting for another process shortens it. */
  pollMs?: number;
};

export class PostgresChanges implements ChangeSignal {
  private counter = 0;
  private lastVersion: number | null = null;
  private confirmedAt = 0;
  private listener: pg.Client | null = null;
  private poller: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private isStopped = false;
  private readonly onError: (error: Error) => void;
  private readonly pollMs: number;
  private readonly staleMs: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    options: ChangeOptions = {},
  ) {
    this.onError = options.onError ?? (() => {});
    this.pollMs = options.pollMs ?? POLL_MS;
    this.staleMs = Math.max(STALE_MS, 5 * this.pollMs);
  }

  async start(): Promise<void> {
    await this.poll();
    await this.listen();
    this.poller = setInterval(() => void this.poll(), this.pollMs);
    this.poller.unref();
  }

  current(): string | null {
    return performance.now() - this.confirmedAt > this.staleMs ? null : String(this.counter);
  }

  /** A transaction of this process committed: its own caches must not wait for the notification. */
  bump(): void {
    this.counter++;
  }

  private async poll(): Promise<void> {
    try {
      const result = await this.pool.query<{ version: string }>(
        "select version from change_versions where name = 'token_clients'",
      );
      const version = Number(result.rows[0]?.version ?? 0);
      if (version !== this.lastVersion) this.counter++;
      this.lastVersion = version;
      this.confirmedAt = performance.now();
    } catch {
      // The database is away: current() turns null after staleMs, and the next poll tries again.
    }
  }

  private async listen(): Promise<void> {
    if (this.isStopped) return;
    const client = new pg.Client({ connectionString: this.url, application_name: "secret-steward-listen" });
    const retry = (error?: Error) => {
      if (error) this.onError(error);
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => {});
      this.counter++;
      this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
      this.reconnect.unref();
    };
    try {
      this.listener = client;
      client.on("notification", () => {
        this.counter++;
      });
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
    await client?.end().catch(() => {});
  }
}
