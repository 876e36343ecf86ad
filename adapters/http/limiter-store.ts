/**
 * Where rate-limiter-flexible keeps its counts: on PostgreSQL the shared `rate_limits` table (its Drizzle
 * store), so a limit means the same across every replica; on SQLite one process counts in memory.
 *
 * The Drizzle store would also start its own sweep of expired rows: a timer per limiter that nothing can
 * stop, which outlives the server and its database (and then warns on the console every five minutes
 * that the pool is closed). It is off here; `ExpiredCountSweeper` deletes the rows instead, one timer
 * per server, stopped with it.
 */
import { lt } from "drizzle-orm";
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterDrizzle,
  RateLimiterMemory,
} from "rate-limiter-flexible";
import type { Db } from "../../db/database.js";
import type { Logger } from "../../src/log.js";

/** As the library's own sweep: every five minutes, the rows that expired more than an hour ago. */
const SWEEP_EVERY_MS = 5 * 60_000;
const EXPIRED_FOR_MS = 60 * 60_000;

export function limiterStore(db: Db | null, options: IRateLimiterOptions): RateLimiterAbstract {
  return db?.dialect === "postgres"
    ? new RateLimiterDrizzle({ ...options, storeClient: db, schema: db.t.rateLimits, clearExpiredByTimeout: false })
    : new RateLimiterMemory(options);
}

export class ExpiredCountSweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.db.dialect !== "postgres" || this.timer) return;
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Deletes the counts that expired more than an hour before `now` (the library counts by `Date.now()`); how many went. */
  async sweep(now = Date.now()): Promise<number> {
    if (this.db.dialect !== "postgres") return 0;
    const { rateLimits } = this.db.t;
    try {
      const gone = await this.db
        .delete(rateLimits)
        .where(lt(rateLimits.expire, new Date(now - EXPIRED_FOR_MS)))
        .returning({ key: rateLimits.key });
      return gone.length;
    } catch (error) {
      this.log.warn(
        { err: (error as Error).message },
        "could not delete expired rate-limit counts; trying again later",
      );
      return 0;
    }
  }
}
