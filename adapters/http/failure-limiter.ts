/**
 * Slows down guessing at the token endpoint: too many failed authentications for one client_id or
 * from one address get `429` with `Retry-After` until the window passes. Successful requests cost
 * nothing, so a healthy client is never throttled by its own traffic.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export type FailureLimits = { perClient: number; perAddress: number; windowSeconds: number; blockSeconds: number };

export const defaultFailureLimits: FailureLimits = {
  perClient: 20,
  perAddress: 10,
  windowSeconds: 60,
  blockSeconds: 60,
};

export class FailureLimiter {
  private readonly byClient: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(limits: FailureLimits = defaultFailureLimits) {
    const common = { duration: limits.windowSeconds, blockDuration: limits.blockSeconds };
    this.byClient = new RateLimiterMemory({ ...common, points: limits.perClient, keyPrefix: "client" });
    this.byAddress = new RateLimiterMemory({ ...common, points: limits.perAddress, keyPrefix: "addr" });
  }

  /** Seconds to wait when this client or address is currently blocked; 0 when it may try. */
  async retryAfter(clientId: string | undefined, address: string): Promise<number> {
    const checks = [this.byAddress.get(address), clientId ? this.byClient.get(clientId) : null];
    const [addr, client] = await Promise.all(checks);
    const wait = [
      addr && addr.consumedPoints > this.byAddress.points ? addr.msBeforeNext : 0,
      client && client.consumedPoints > this.byClient.points ? client.msBeforeNext : 0,
    ];
    return Math.ceil(Math.max(...wait) / 1000);
  }

  /** Counts one failure; returns seconds to wait if this failure crossed a limit, else 0. */
  async fail(clientId: string | undefined, address: string): Promise<number> {
    // consume() rejects with a RateLimiterRes once the limit is crossed; that is the expected outcome.
    const overLimit = (r: unknown) => {
      if (!(r instanceof RateLimiterRes)) throw r;
    };
    await Promise.all([
      this.byAddress.consume(address).catch(overLimit),
      clientId ? this.byClient.consume(clientId).catch(overLimit) : undefined,
    ]);
    return this.retryAfter(clientId, address);
  }
}
