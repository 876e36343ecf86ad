import { parseRetryAfter } from "../../http/retry-after.js";

/** How long Graph asks us to wait before trying again; without a readable Retry-After, 1 s, 2 s, 4 s, … */
export function retryAfterMs(header: string | null, attempt: number, now: Date): number {
  return parseRetryAfter(header, now) ?? 1000 * 2 ** (attempt - 1);
}

/** Bounds on waiting for a throttled (429) or busy (503) Graph. */
export type RetryPolicy = {
  /** Tries of one request in all, the first included. */
  maxAttempts: number;
  /** Most time spent waiting for one request; a Retry-After that would pass it is not waited for. */
  maxTotalWaitMs: number;
  sleep: (ms: number) => Promise<void>;
};

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  maxTotalWaitMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
