/**
 * How often sign-in links may be asked for: per client address and per e-mail address, counted the
 * same whether or not the address is known (so the limit tells nothing). On PostgreSQL the counts are
 * shared by every replica (rate-limiter-flexible's Drizzle store, as the token endpoint's); on SQLite
 * one process counts in memory.
 */
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../../db/database.js";
import { limiterStore } from "../http/limiter-store.js";

export type LinkLimits = { perAddress: number; perEmail: number; windowSeconds: number };
export const defaultLinkLimits: LinkLimits = { perAddress: 10, perEmail: 3, windowSeconds: 15 * 60 };

export class LinkLimiter {
  private readonly byAddress: RateLimiterAbstract;
  private readonly byEmail: RateLimiterAbstract;

  constructor(db: Db, limits: LinkLimits = defaultLinkLimits) {
    const store = (keyPrefix: string, points: number) =>
      limiterStore(db, { keyPrefix, points, duration: limits.windowSeconds });
    this.byAddress = store("portal-link-addr", limits.perAddress);
    this.byEmail = store("portal-link-email", limits.perEmail);
  }

  /** Counts one request; the seconds to wait when over either limit, else 0. */
  async take(address: string, email: string): Promise<number> {
    const outcomes = await Promise.all([consume(this.byAddress, address), consume(this.byEmail, email)]);
    const over = outcomes.filter((o) => o.isOver);
    return over.length === 0 ? 0 : Math.max(...over.map((o) => Math.ceil(o.msBeforeNext / 1000)), 1);
  }
}

type Outcome = RateLimiterRes & { isOver: boolean };

async function consume(limiter: RateLimiterAbstract, key: string): Promise<Outcome> {
  try {
    return Object.assign(await limiter.consume(key), { isOver: false });
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return Object.assign(outcome, { isOver: true });
    throw outcome;
  }
}
