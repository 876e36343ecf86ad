/**
 * Slows down guessing at the token endpoint without letting a stranger lock a client out.
 *
 * Only failed authentications count: ten within a minute from one address block that address for a
 * minute (every request from it after the tenth failure gets `429`, even with the right secret), and ten
 * for one client_id put that client under guard: its further failed attempts get `429` instead of `401`, while its correct secret is still served from any address
 * that is not blocked. The guard lasts as long as the failures go on (each one keeps it for at least
 * another half of `guardSeconds`), so a patient attacker does not get ten fresh guesses every minute.
 * Successful requests never touch the counters.
 *
 * On PostgreSQL the counts live in the shared database (rate-limiter-flexible's Drizzle store), so ten
 * means ten across every replica; on SQLite one process counts in memory. Blocks learnt from the store
 * are remembered here, so checking an address costs no query.
 *
 * Time: what this file decides itself (how long a remembered block lasts) reads `clock`. The counting
 * windows are rate-limiter-flexible's, which reads `Date.now()` in both stores (the Drizzle store sends
 * it to the database as a parameter rather than using the server's now()); a test that moves time moves
 * `Date` and this clock together.
 */
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../../db/database.js";
import type { Logger } from "../../src/log.js";
import type { Clock } from "../../src/ports/clock.js";
import { limiterStore } from "./limiter-store.js";

export type FailureLimits = {
  perClient: number;
  perAddress: number;
  windowSeconds: number;
  blockSeconds: number;
  /** How long a client stays under guard after a failure once it is under guard. */
  guardSeconds: number;
};

export const defaultFailureLimits: FailureLimits = {
  perClient: 10,
  perAddress: 10,
  windowSeconds: 60,
  blockSeconds: 60,
  guardSeconds: 60,
};

export class FailureLimiter {
  private readonly byClient: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;
  private readonly limits: FailureLimits;
  /** Addresses known to be blocked, and until when (ms since the epoch). */
  private readonly blocked = new Map<string, number>();

  constructor(
    db: Db | null,
    private readonly clock: Clock,
    limits: Partial<FailureLimits> = {},
    private readonly log?: Logger,
  ) {
    this.limits = { ...defaultFailureLimits, ...limits };
    const store = (keyPrefix: string, points: number, blockDuration: number) =>
      limiterStore(db, { keyPrefix, points, duration: this.limits.windowSeconds, blockDuration });
    this.byAddress = store("addr", this.limits.perAddress, this.limits.blockSeconds);
    // The client counter never blocks by itself: it only says the client is under attack (see guard()).
    this.byClient = store("client", this.limits.perClient, 0);
  }

  /** Seconds this address must still wait, as far as this process knows; 0 when it may try. */
  addressRetryAfter(address: string): number {
    const until = this.blocked.get(address);
    if (until === undefined) return 0;
    const ms = until - this.clock.now().getTime();
    if (ms > 0) return Math.ceil(ms / 1000);
    this.blocked.delete(address);
    return 0;
  }

  /**
   * Counts one failed authentication; returns the seconds to put in `Retry-After` when the answer should
   * be `429` (the address is now blocked, or the client is under guard), else 0.
   */
  async fail(clientId: string | undefined, address: string): Promise<number> {
    const [addr, client] = await Promise.all([
      consume(this.byAddress, address),
      clientId ? consume(this.byClient, clientId) : null,
    ]);
    let wait = 0;
    // The tenth failure blocks the address: it is answered as the failure it is, and everything after it,
    // the right secret included, gets 429. A failure past the tenth reaches here only from a replica that
    // had not learnt of the block yet (the counts are shared, the remembered blocks are not).
    if (addr.consumedPoints >= this.limits.perAddress) {
      const isPast = addr.consumedPoints > this.limits.perAddress;
      const ms = isPast && addr.msBeforeNext > 0 ? addr.msBeforeNext : this.limits.blockSeconds * 1000;
      this.blocked.set(address, this.clock.now().getTime() + ms);
      if (this.blocked.size > 100_000) this.blocked.clear();
      if (addr.consumedPoints === this.limits.perAddress) {
        this.log?.warn({ address, clientId }, "an address is blocked after too many failed token requests");
      }
      if (isPast) wait = Math.ceil(ms / 1000);
    }
    if (clientId && client && client.consumedPoints > this.limits.perClient) {
      wait = Math.max(wait, await this.guard(clientId, client, address));
    }
    return wait;
  }

  /**
   * Keeps a client under guard while failures go on: when less than half the guard is left, it is set
   * to the full guard again (one write at most every half guard, not one per failure).
   */
  private async guard(clientId: string, client: RateLimiterRes, address: string): Promise<number> {
    const guardMs = this.limits.guardSeconds * 1000;
    if (client.consumedPoints === this.limits.perClient + 1) {
      this.log?.warn({ clientId, address }, "a client is under guard after too many failed token requests");
    }
    if (client.msBeforeNext >= guardMs / 2) return Math.ceil(client.msBeforeNext / 1000);
    await this.byClient.block(clientId, this.limits.guardSeconds);
    return this.limits.guardSeconds;
  }
}

/** consume() rejects with a RateLimiterRes once the limit is crossed; that is an expected outcome. */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return outcome;
    throw outcome;
  }
}
