/**
 * Slack acknowledgement benchmark: how long Slack waits for the HTTP answer to a signed `/secrets`
 * command, and where that time goes. Slack gives up after 3 seconds; the targets here are an ack p99
 * under 50 ms and the answer at the response_url under 150 ms, with 50 commands at once.
 *
 * It builds the project, seeds a fresh database per run (an organisation, an application and 50
 * credential managers), starts `steward start` as its own process with Slack configured against a fake
 * Slack Web API in a worker thread (users.info, response_url…; off the thread that reads the clock),
 * then sends rounds of 50 concurrent signed slash commands (`list`, each from a different person), one
 * warm-up round and ROUNDS measured. Per request it records the time from sending to the complete HTTP
 * response (the ack), and the time until the answer reached the response_url (the work after the
 * ack). The server runs with bench/slack-ack/ack-probe.mjs loaded, which collects the Slack adapter's
 * marks (our first code, signature checked, our listener called, ack written), so the ack is split into
 * queueing, signature check, Bolt, our handler and the way back. Prints p50, p99 and max per run, then
 * the median of the runs, and the server's CPU time per measured command (all its threads; Linux).
 * Profile with --cpu-prof, then: node --import tsx bench/token-endpoint/profile-top.ts <file> 25
 *
 * Run: npm run bench:slack [-- --runs 3] [-- --cpu-prof <dir>]   (CPU profile of the server, per run)
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
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
import { Child, cpuMicroseconds, freePorts, runCommand } from "../token-endpoint/processes.js";
import { printMedians, type RunFigures, runFigures, runLine, type Sample, slowestShare } from "./report.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STEWARD = join(ROOT, "bin/steward.js");
const PROBE = fileURLToPath(new URL("./ack-probe.mjs", import.meta.url));
const HOST = "127.0.0.1";
const CONCURRENT = 50;
const ROUNDS = 10;
const SIGNING_SECRET = "bench-signing-secret-0123456789abcdef";
const userId = (i: number) => `U0BENCH${String(i).padStart(3, "0")}`;
/** Wall-clock milliseconds with sub-millisecond precision, the same clock the server's marks use. */
const now = () => performance.timeOrigin + performance.now();

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

/**
 * Slack's side: plain node:http with kept-alive connections, one per command of a round, as the
 * least client work there is (this process shares the machine's two cores with the server, so a heavier
 * client delays the server's answers as it reads them). Each ack is timed from the moment the request
 * was handed to the socket ('finish'), as Slack times it from sending, so the time this client spends
 * preparing the other 49 requests of a round is not counted as the server's, to the moment the whole
 * answer was read.
 */
const slack = new Agent({ keepAlive: true, maxSockets: CONCURRENT });

function post(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; sent: number; received: number }> {
  return new Promise((resolve, reject) => {
    let sent = Number.NaN;
    const req = request(
      url,
      { method: "POST", agent: slack, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.once("end", () => resolve({ status: res.statusCode ?? 0, sent, received: now() }));
      },
    );
    req.once("finish", () => {
      sent = now();
    });
    req.once("error", reject);
    req.end(body);
  });
}
const SLASH_COMMAND = fixture<Record<string, string>>("slash-command");

/** Resolves when the bot posted to a response_url, by its path; fed by the fake's thread. */
const answered = new Map<string, () => void>();
const answerAt = (path: string) => new Promise<void>((resolve) => answered.set(path, resolve));
let requestCount = 0;

/** One signed slash command; resolves when both the HTTP answer and the response_url answer arrived. */
async function command(base: string, fakeBase: string, i: number): Promise<[string, Sample]> {
  requestCount += 1;
  const id = `bench-${requestCount}`;
  const path = `/respond/${id}`;
  const answer = answerAt(path);
  const body = new URLSearchParams({
    ...SLASH_COMMAND,
    user_id: userId(i),
    text: "list",
    response_url: `${fakeBase}${path}`,
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature(body, timestamp, SIGNING_SECRET),
    "x-bench-request": id,
  };
  const { status, sent, received: ackReceived } = await post(`${base}/slack/events`, headers, body);
  if (status !== 200) throw new Error(`slash command answered ${status}`);
  await answer;
  return [id, { sent, ackReceived, answered: now() }];
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

type Fake = Awaited<ReturnType<typeof startFake>>;

type Run = { samples: Sample[]; cpuMsPerCommand: number };

/**
 * One run: a fresh database and server, a warm-up round, ROUNDS measured; the samples with the server's
 * marks, and the server's CPU time (all its threads) per measured command, which the machine's load
 * barely moves: what one event loop spends on a round decides both the last ack and the last answer.
 */
async function oneRun(dir: string, fake: Fake, cpuProf: string | undefined): Promise<Run> {
  const databasePath = join(dir, "steward.db");
  const timingsPath = join(dir, "ack-timings.json");
  await seed(databasePath);
  const [port] = await freePorts(1);
  const base = `http://${HOST}:${port}`;
  const profiling = cpuProf ? ["--cpu-prof", "--cpu-prof-dir", cpuProf] : [];
  const server = new Child("Secret Steward", [...profiling, "--import", PROBE, STEWARD, "start"], {
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
      BENCH_ACK_TIMINGS: timingsPath,
    },
  });
  const measured = new Map<string, Sample>();
  let cpuUs = Number.NaN;
  try {
    await server.waitUntilReady(`${base}/readyz`);
    const round = () => Promise.all(Array.from({ length: CONCURRENT }, (_, i) => command(base, fake.base, i)));
    await round();
    const cpuBefore = await cpuMicroseconds(server.pid ?? 0);
    for (let r = 0; r < ROUNDS; r++) for (const [id, sample] of await round()) measured.set(id, sample);
    cpuUs = (await cpuMicroseconds(server.pid ?? 0)) - cpuBefore;
  } finally {
    await server.stop();
  }
  const marks = JSON.parse(await readFile(timingsPath, "utf8")) as ({ id: string } & Sample["marks"])[];
  for (const { id, ...mark } of marks) {
    const sample = measured.get(id);
    if (sample) sample.marks = mark as Sample["marks"];
  }
  return { samples: [...measured.values()], cpuMsPerCommand: cpuUs / 1000 / (ROUNDS * CONCURRENT) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "cpu-prof": { type: "string" } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number of runs, 1 or more");
  console.log("Building (npm run build)…");
  await runCommand("npm", ["run", "build"], { cwd: ROOT, env: process.env });
  console.log(
    `${runs} runs; each a fresh server, ${CONCURRENT} concurrent signed /secrets list, 1 warm-up + ${ROUNDS} measured rounds` +
      ` (node ${process.version}, ${cpus().length} CPUs)`,
  );
  const fake = await startFake();
  const figures: RunFigures[] = [];
  const cpuMs: number[] = [];
  try {
    for (let r = 1; r <= runs; r++) {
      const dir = await mkdtemp(join(tmpdir(), "steward-slack-bench-"));
      try {
        const { samples, cpuMsPerCommand } = await oneRun(dir, fake, values["cpu-prof"]);
        figures.push(runFigures(samples));
        cpuMs.push(cpuMsPerCommand);
        console.log(
          `${runLine(r, figures.at(-1) ?? new Map())}; server CPU ${cpuMsPerCommand.toFixed(2)} ms per command\n  ${slowestShare(samples)}`,
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    fake.worker.postMessage({ stop: true });
    await new Promise((resolve) => fake.worker.once("exit", resolve));
  }
  console.log(`\nMedian of ${runs} runs (${ROUNDS * CONCURRENT} requests each):`);
  const { ackP99, answerP99 } = printMedians(figures);
  const sortedCpu = [...cpuMs].sort((a, b) => a - b);
  console.log(
    `  server CPU per command (all threads)   ${sortedCpu[Math.floor((sortedCpu.length - 1) / 2)]?.toFixed(2)} ms`,
  );
  const holds = (ok: boolean) => (ok ? "HOLDS" : "DOES NOT HOLD");
  console.log(
    `\ntargets: ack p99 < 50 ms ${holds(ackP99 < 50)} (${ackP99.toFixed(1)} ms); ` +
      `response_url p99 < 150 ms ${holds(answerP99 < 150)} (${answerP99.toFixed(1)} ms)`,
  );
}

main().catch((error: unknown) => {
  console.error(`\n❌ Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
