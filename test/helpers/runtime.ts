/**
 * A real runtime on a fresh database with the real migrations — a SQLite file, or a PostgreSQL database
 * in the PostgreSQL test project — with a pinned clock and a log captured in memory (so tests can prove
 * what never reaches it).
 */
import { rmSync } from "node:fs";
import { Writable } from "node:stream";
import { openRuntime, type Runtime } from "../../adapters/root/runtime.js";
import type { TeamsEndpoints } from "../../adapters/teams/endpoints.js";
import { type Ctx, withActor } from "../../src/context.js";
import { createLogger } from "../../src/log.js";
import { actorFor, operatorActor } from "../../src/people.js";
import type { SecretProvider } from "../../src/ports/secret-provider.js";
import { FixedClock } from "../fakes/fixed-clock.js";
import { Arrivals } from "./arrivals.js";
import { tempDir, testConfig } from "./config.js";
import { type TestDatabase, testDatabase } from "./database.js";

export type TestRuntime = Runtime & {
  dir: string;
  clock: FixedClock;
  logLines: string[];
  /** Resolves with the first log line containing `text`, once it is written. */
  logged(text: string, timeoutMs?: number): Promise<string>;
  /** Mail the runtime printed (no SMTP_URL), as text. */
  printed: string[];
  operator: Ctx;
  /** The environment that points a CLI child (or a second runtime) at the same database. */
  databaseEnv: Record<string, string>;
  database: TestDatabase;
  as(email: string): Promise<Ctx>;
  cleanup(): Promise<void>;
};

export async function testRuntime(
  options: {
    env?: Record<string, string>;
    provider?: SecretProvider;
    clock?: FixedClock;
    /** Another runtime's database, to open a second process-like runtime on the same data. */
    database?: TestDatabase;
    /** Microsoft endpoints of a fake Bot Framework, for messages the runtime sends to Teams itself. */
    teams?: TeamsEndpoints;
  } = {},
): Promise<TestRuntime> {
  const dir = tempDir();
  const database = options.database ?? (await testDatabase(dir));
  const config = testConfig({ ...database.env, LOG_LEVEL: "trace", ...options.env });
  const logLines: string[] = [];
  const logArrivals = new Arrivals();
  const destination = new Writable({
    write(chunk, _enc, done) {
      logLines.push(chunk.toString());
      logArrivals.arrived();
      done();
    },
  });
  const clock = options.clock ?? new FixedClock();
  const log = createLogger({ level: "trace", destination });
  const printed: string[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      printed.push(chunk.toString());
      done();
    },
  });
  const base = await openRuntime(config, log, clock, { out, ...(options.teams ? { teams: options.teams } : {}) });
  const runtime: Runtime = options.provider ? { ...base, provider: options.provider } : base;
  return {
    ...runtime,
    clock,
    dir,
    logLines,
    logged: (text, timeoutMs = 5_000) =>
      logArrivals.until(
        () => logLines.find((line) => line.includes(text)),
        timeoutMs,
        () => `no log line containing ${JSON.stringify(text)}`,
      ),
    printed,
    database,
    databaseEnv: database.env,
    operator: withActor(runtime, operatorActor("test")),
    as: async (email: string) => withActor(runtime, await actorFor(runtime, { email, surface: "console" })),
    cleanup: async () => {
      await runtime.close();
      if (!options.database) await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
