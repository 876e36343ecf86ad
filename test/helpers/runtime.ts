/**
 * A real runtime on a fresh SQLite file with the real migrations, a pinned clock and a log captured
 * in memory (so tests can prove what never reaches it).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { actorFor, operatorActor } from "../../src/access.js";
import { type Config, loadConfig } from "../../src/config.js";
import { type Ctx, withActor } from "../../src/context.js";
import { createLogger } from "../../src/log.js";
import { openRuntime, type Runtime } from "../../src/main.js";
import type { SecretProvider } from "../../src/ports/secret-provider.js";
import { FixedClock } from "../fakes/fixed-clock.js";

export type TestRuntime = Runtime & {
  dir: string;
  clock: FixedClock;
  logLines: string[];
  operator: Ctx;
  as(email: string): Ctx;
  cleanup(): void;
};

export function tempDir(prefix = "steward-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testConfig(env: Record<string, string> = {}): Config {
  const result = loadConfig({ STEWARD_PEPPER: "test-pepper-0123456789-abcdefghijklmnop", ...env });
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.config;
}

export function testRuntime(
  options: { env?: Record<string, string>; provider?: SecretProvider; clock?: FixedClock } = {},
): TestRuntime {
  const dir = tempDir();
  const config = testConfig({ DATABASE_PATH: join(dir, "steward.db"), LOG_LEVEL: "trace", ...options.env });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const clock = options.clock ?? new FixedClock();
  const log = createLogger({ level: "trace", destination });
  const base = openRuntime(config, log, clock);
  const runtime: Runtime = options.provider ? { ...base, provider: options.provider } : base;
  return {
    ...runtime,
    clock,
    dir,
    logLines,
    operator: withActor(runtime, operatorActor("test")),
    as: (email: string) => withActor(runtime, actorFor(runtime, { email, surface: "console" })),
    cleanup: () => {
      runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every byte of the database in a folder: main file, WAL and shared memory. */
export function databaseBytes(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith("steward.db"))
      .map((f) => readFileSync(join(dir, f))),
  );
}
