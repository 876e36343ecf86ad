/**
 * What the provider tests share (Entra, Keycloak, Okta): a fake provider API on a local port, a real
 * runtime configured for it (so adapters/root/runtime.ts builds the real provider from the
 * environment), and, for tests of a provider on its own, a captured log and waits recorded instead of
 * slept.
 */
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/log.js";
import type { FakeApiServer } from "../fakes/fake-api-server.js";
import { FixedClock } from "../fakes/fixed-clock.js";
import { type TestRuntime, testRuntime } from "./runtime.js";

export type Testbed<F> = { fake: F; rt: TestRuntime; clock: FixedClock; close(): Promise<void> };

/** A fake provider and a runtime pointed at it by `env(fake)`. */
export async function providerTestbed<F extends FakeApiServer>(
  start: (clock: FixedClock) => Promise<F>,
  env: (fake: F) => Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<Testbed<F>> {
  const clock = new FixedClock();
  const fake = await start(clock);
  const rt = await testRuntime({ env: { ...env(fake), ...extraEnv }, clock });
  return {
    fake,
    rt,
    clock,
    close: async () => {
      await rt.cleanup();
      await fake.close();
    },
  };
}

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
