/**
 * Records when each secret was last used without a database write per token request: uses are kept
 * in memory and written in one transaction every interval and at shutdown. Each replica writes its
 * own; the later time wins, whichever replica writes last.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/database.js";
import type { Logger } from "../../../src/log.js";

export class LastUsedRecorder {
  private pending = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly intervalMs = 30_000,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Notes a use; only the latest time per secret is kept. */
  touch(secretId: number, at: number): void {
    const previous = this.pending.get(secretId);
    if (previous === undefined || at > previous) this.pending.set(secretId, at);
  }

  /**
   * Writes every noted use. A secret deleted meanwhile simply matches no row. When the database is away
   * the uses are kept for the next flush rather than lost.
   */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const { clientSecrets } = this.db.t;
    try {
      await this.db.transaction(async (tx) => {
        for (const [id, at] of batch) {
          const used = sql.param(new Date(at), clientSecrets.lastUsedAt);
          await tx
            .update(clientSecrets)
            .set({
              lastUsedAt: sql`case when ${clientSecrets.lastUsedAt} is null or ${clientSecrets.lastUsedAt} < ${used} then ${used} else ${clientSecrets.lastUsedAt} end`,
            })
            .where(eq(clientSecrets.id, id));
        }
      });
    } catch (error) {
      for (const [id, at] of batch) this.touch(id, at);
      this.log.warn({ err: error, secrets: batch.size }, "could not record when secrets were last used; will retry");
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
