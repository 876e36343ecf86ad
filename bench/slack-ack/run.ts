/**
 * Slack acknowledgement benchmark: how long Slack waits for the HTTP answer to a signed `/secrets`
 * command. Slack gives up after 3 seconds; the target here is a p99 under 100 ms.
 *
 * It builds the project, seeds a fresh database (an organisation, an application and 50 credential
 * managers), starts `steward start` as its own process with Slack configured against a fake Slack Web
 * API in a worker thread (users.info, response_url…; off the thread that reads the clock), then sends
 * rounds of 50 concurrent signed slash commands (`list`, each from a different person), one warm-up
 * round and ROUNDS measured. Per request it records the time from sending to the complete HTTP
 * response (the ack), and the time until the answer reached the response_url (the work after the
 * ack). Prints p50, p99 and max of both.
 *
 * Run: npm run bench:slack   (about ten seconds after the build; uses nothing but 127.0.0.1)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { openRuntime } from "../../adapters/root/runtime.js";
import { loadConfig } from "../../src/config.js";
import { withActor } from "../../src/context.js";
import { createLogger } from "../../src/log.js";
import { operatorActor } from "../../src/people.js";
import { addApplication } from "../../src/verbs/add-application.js";
import { addOrganisation } from "../../src/verbs/add-organisation.js";
import { grantAccess } from "../../src/verbs/grant-access.js";
import { fixture, signature } from "../../test/helpers/slack.js";
import { Child, freePorts, runCommand } from "../token-endpoint/processes.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STEWARD = join(ROOT, "bin/steward.js");
const HOST = "127.0.0.1";
const CONCURRENT = 50;
const ROUNDS = 10;
const SIGNING_SECRET = "bench-signing-secret-0123456789abcdef";
const userId = (i: number) => `U0BENCH${String(i).padStart(3, "0")}`;

/** An organisation with one application managed by each of the benchmark's people. */
async function seed(databasePath: string): Promise<void> {
  const config = loadConfig({ DATABASE_PATH: databasePath });
  if (!config.ok) throw new Error(config.problems.join("; "));
  const runtime = await openRuntime(config.config, createLogger({ level: "warn" }), undefined, { out: process.stdout });
  const operator = withActor(runtime, operatorActor("bench"));
  await addOrganisation(operator, { name: "Bench", contacts: [] });
  await addApplication(operator, { name: "Bench-App", organisation: "Bench", apis: ["search"] });
  for (let i = 0; i < CONCURRENT; i++) {
    const email = `person${i}@bench.example`;
    await grantAccess(operator, { email, target: { kind: "application", ref: "Bench-App" }, role: "manager" });
  }
  await runtime.close();
}

type Sample = { ackMs: number; answerMs: number };

/** Resolves when the bot posted to a response_url, by its path; fed by the fake's thread. */
const answered = new Map<string, () => void>();
const answerAt = (path: string) => new Promise<void>((resolve) => answered.set(path, resolve));
let responseCount = 0;

/** One signed slash command; resolves when both the HTTP answer and the response_url answer arrived. */
async function command(base: string, fakeBase: string, i: number): Promise<Sample> {
  responseCount += 1;
  const path = `/respond/bench-${responseCount}`;
  const answer = answerAt(path);
  const body = new URLSearchParams({
    ...fixture<Record<string, string>>("slash-command"),
    user_id: userId(i),
    text: "list",
    response_url: `${fakeBase}${path}`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await fetch(`${base}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature(body, timestamp, SIGNING_SECRET),
    },
    body,
  });
  await res.arrayBuffer();
  const ackMs = performance.now() - started;
  if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
  await answer;
  return { ackMs, answerMs: performance.now() - started };
}

/** Starts the fake Slack Web API in a worker thread; resolves with its addresses. */
function startFake(): Promise<{ worker: Worker; base: string; apiUrl: string }> {
  const people = Array.from({ length: CONCURRENT }, (_, i) => ({ id: userId(i), email: `person${i}@bench.example` }));
  // Workers start without this script's loader: the worker registers tsx before importing the fake.
  const entry = new URL("./fake-slack-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { people } });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (message: { base?: string; apiUrl?: string; answered?: string }) => {
      if (message.answered) answered.get(message.answered)?.();
      else if (message.base && message.apiUrl) resolve({ worker, base: message.base, apiUrl: message.apiUrl });
    });
  });
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

function report(label: string, values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const [p50, p99, max] = [percentile(sorted, 50), percentile(sorted, 99), sorted.at(-1) ?? Number.NaN];
  console.log(
    `  ${label.padEnd(34)} p50 ${p50.toFixed(1).padStart(6)} ms   p99 ${p99.toFixed(1).padStart(6)} ms   max ${max.toFixed(1).padStart(6)} ms`,
  );
  return p99;
}

async function main(): Promise<void> {
  console.log("Building (npm run build)…");
  await runCommand("npm", ["run", "build"], { cwd: ROOT, env: process.env });
  const dir = await mkdtemp(join(tmpdir(), "steward-slack-bench-"));
  let fake: Awaited<ReturnType<typeof startFake>> | undefined;
  let server: Child | undefined;
  try {
    const databasePath = join(dir, "steward.db");
    await seed(databasePath);
    fake = await startFake();
    const [port] = await freePorts(1);
    const base = `http://${HOST}:${port}`;
    server = new Child("Secret Steward", [STEWARD, "start"], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_PATH: databasePath,
        HOST,
        PORT: String(port),
        PUBLIC_URL: base,
        LOG_LEVEL: "warn",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: "xoxb-bench",
        SLACK_API_URL: fake.apiUrl,
      },
    });
    await server.waitUntilReady(`${base}/readyz`);
    const fakeBase = fake.base;
    const round = () => Promise.all(Array.from({ length: CONCURRENT }, (_, i) => command(base, fakeBase, i)));
    console.log(
      `Server pid ${server.pid} ready; ${CONCURRENT} concurrent signed /secrets list, 1 warm-up + ${ROUNDS} measured rounds` +
        ` (node ${process.version}, ${cpus().length} CPUs)`,
    );
    await round();
    const samples: Sample[] = [];
    for (let r = 0; r < ROUNDS; r++) samples.push(...(await round()));
    console.log(`\n${samples.length} requests:`);
    const p99 = report(
      "request → HTTP response (the ack)",
      samples.map((s) => s.ackMs),
    );
    report(
      "request → answer at response_url",
      samples.map((s) => s.answerMs),
    );
    console.log(`\ntarget (ack p99 < 100 ms): ${p99 < 100 ? "HOLDS" : "DOES NOT HOLD"} (p99 ${p99.toFixed(1)} ms)`);
  } finally {
    await server?.stop();
    if (fake) {
      fake.worker.postMessage({ stop: true });
      await new Promise((resolve) => fake?.worker.once("exit", resolve));
    }
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`\n❌ Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
