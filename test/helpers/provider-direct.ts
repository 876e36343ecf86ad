/**
 * What tests of a provider adapter on its own share (no database): a log the test can read, and a retry
 * policy that records its waits instead of sleeping.
 */
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/log.js";

/** A logger at trace level whose lines the test can read. */
export function capturedLog(): { log: Logger; logLines: string[] } {
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger({ level: "trace", destination }), logLines };
}

export type RetryOptions = { maxTotalWaitMs?: number; maxAttempts?: number };

/** A retry policy that records the waits it was asked for instead of sleeping. */
export function recordedRetry(options: RetryOptions = {}) {
  const waits: number[] = [];
  const retry = {
    maxAttempts: options.maxAttempts ?? 3,
    maxTotalWaitMs: options.maxTotalWaitMs ?? 20_000,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
  return { retry, waits };
}
