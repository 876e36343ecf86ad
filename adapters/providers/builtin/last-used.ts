/**
 * Records when each secret was last used without a database write per token request: uses are kept
 * in memory and written in one transaction every interval and at shutdown.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { clientSecrets } from "../../../db/schema.js";

export class LastUsedRecorder {
  private pending = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 30_000,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Notes a use; only the latest time per secret is kept. */
  touch(secretId: number, at: number): void {
    const previous = this.pending.get(secretId);
    if (previous === undefined || at > previous) this.pending.set(secretId, at);
  }

  /** Writes every noted use. A secret deleted meanwhile simply matches no row. */
  flush(): void {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.db.transaction((tx) => {
      for (const [id, at] of batch) {
        tx.update(clientSecrets)
          .set({ lastUsedAt: sql`max(coalesce(${clientSecrets.lastUsedAt}, 0), ${at})` })
          .where(sql`${clientSecrets.id} = ${id}`)
          .run();
      }
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }
}
