/**
 * How long to wait when a provider throttles (429) or is busy (503), and for how long at most. One
 * policy for Microsoft Graph, Keycloak and Okta: the provider's own Retry-After (or, where it sends
 * none, its own header, e.g. Okta's X-Rate-Limit-Reset), else 1 s, 2 s, 4 s, …
 */
import { parseRetryAfter } from "../../http/retry-after.js";

/** The wait a throttled answer asks for, in milliseconds, or undefined when it names none. */
export type WaitReader = (headers: Headers, now: Date) => number | undefined;

/** How long the provider asks us to wait before trying again; without a readable answer, 1 s, 2 s, 4 s, … */
export function retryAfterMs(header: string | null, attempt: number, now: Date, fallback?: number): number {
  return parseRetryAfter(header, now) ?? fallback ?? 1000 * 2 ** (attempt - 1);
}

/** Bounds on waiting for a throttled (429) or busy (503) provider. */
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
