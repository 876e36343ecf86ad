/** How long Graph asks us to wait before trying again (RFC 9110 §10.2.3: seconds or an HTTP date). */
export function retryAfterMs(header: string | null, attempt: number, now: Date): number {
  const fallback = 1000 * 2 ** (attempt - 1);
  if (header === null) return fallback;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? fallback : Math.max(0, at - now.getTime());
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
