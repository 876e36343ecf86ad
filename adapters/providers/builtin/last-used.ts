/**
 * Records the evidence of each secret's use — its first and last use, and the caller's address at the
 * last — without a database write per token request: uses are kept in memory and written in one
 * transaction every interval (30 s, so what `show` says may lag by that much) and at shutdown. Each
 * replica writes its own; whichever replica writes last, the earliest first use and the latest last
 * use (with its address) win.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/database.js";
import type { Logger } from "../../../src/log.js";

/** How long a use may wait in memory before it is written. */
export const LAST_USED_FLUSH_MS = 30_000;

type Uses = { first: number; last: number; from: string | null };

export class LastUsedRecorder {
  private pending = new Map<number, Uses>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly intervalMs = LAST_USED_FLUSH_MS,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Notes a use from `from` (the client's address, when known); per secret only the earliest and the latest are kept. */
  touch(secretId: number, at: number, from: string | null = null): void {
    const seen = this.pending.get(secretId);
    if (!seen) {
      this.pending.set(secretId, { first: at, last: at, from });
      return;
    }
    if (at < seen.first) seen.first = at;
    if (at >= seen.last) {
      seen.last = at;
      seen.from = from;
    }
  }

  /**
   * Writes every noted use. A secret deleted meanwhile simply matches no row. When the database is away
   * the uses are kept for the next flush rather than lost.
   */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const { clientSecrets: s } = this.db.t;
    try {
      await this.db.transaction(async (tx) => {
        for (const [id, uses] of batch) {
          const first = sql.param(new Date(uses.first), s.firstUsedAt);
          const last = sql.param(new Date(uses.last), s.lastUsedAt);
          const isLater = sql`(${s.lastUsedAt} is null or ${s.lastUsedAt} <= ${last})`;
          await tx
            .update(s)
            .set({
              firstUsedAt: sql`case when ${s.firstUsedAt} is null or ${s.firstUsedAt} > ${first} then ${first} else ${s.firstUsedAt} end`,
              lastUsedFrom: sql`case when ${isLater} then ${uses.from} else ${s.lastUsedFrom} end`,
              lastUsedAt: sql`case when ${isLater} then ${last} else ${s.lastUsedAt} end`,
            })
            .where(eq(s.id, id));
        }
      });
    } catch (error) {
      for (const [id, uses] of batch) {
        this.touch(id, uses.first, uses.from);
        this.touch(id, uses.last, uses.from);
      }
      this.log.warn({ err: error, secrets: batch.size }, "could not record when secrets were used; will retry");
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
