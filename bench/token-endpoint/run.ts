/**
 * Token-endpoint benchmark: Secret Steward's POST /oauth2/token against oidc-provider (the peer, see
 * peer.mjs) and against the floor (floor.mjs: the least work such an endpoint cannot avoid, no framework,
 * no database), all answering client_credentials with client_secret_basic and issuing ES256 RFC 9068
 * JWT access tokens.
 *
 * It builds the project and measures Secret Steward two ways in the same run: one process on a fresh
 * SQLite file (the default), and two replicas on one PostgreSQL database (a throwaway cluster started
 * here and stopped at the end), with the load spread over both replicas. Each database is set up with
 * the CLI; every server is its own process on 127.0.0.1, checked with one token first. The two replicas
 * are measured again with chat traffic alongside ("postgres×2+chat": Teams messages from many people,
 * each of which writes on its replica but touches no client, see chat-traffic.ts), which must cost the
 * token rate less than 10%: a commit that touches no client leaves the replicas' client caches alone.
 * The SQLite process is measured again as "sqlite+metrics": another process with METRICS_TOKEN set
 * (so every token request is counted) and a scraper polling GET /metrics every second during the run,
 * printed beside the plain figure: counting must cost the hot path no measurable throughput (within 5%).
 * The floor runs as one process ("floor", held against "sqlite") and as two with the load spread over
 * both ("floor×2", held against the two replicas), so each share compares like with like.
 *
 * Each is loaded with wrk (Debian's `wrk` package; see load.ts for why not autocannon, which
 * BENCH_CLIENT=autocannon still uses): 50 keep-alive connections, 2 s warm-up then 8 s measured, after
 * one unmeasured warm-up of every target. Rounds alternate over every target (in ORDER: what is compared
 * side by side), each round starting one target further on, so the machine's noise falls on all. It
 * prints tokens/s (2xx answers only), p50 and p99 latency (to the microsecond), the medians, ours as a
 * share of the floor and against the peer, and whether issue 23's targets hold (see report.ts).
 *
 * Knobs: BENCH_CLIENT (wrk or autocannon), BENCH_ROUNDS (rounds, default 3), BENCH_ONLY=sqlite,floor
 * (measure only those; a closer look at one pair), BENCH_WARMUP_SECONDS and BENCH_MEASURE_SECONDS (2
 * and 8 by default; e.g. 1 and 2 with 20 rounds keep the targets compared within seconds of each other,
 * where this machine's speed drifts between rounds; from 3 rounds on the verdicts take the median of
 * the per-round ratios, see report.ts), FLOOR_DEFER_SIGNING=1 (the floor signs in batches at the end of
 * each turn of the event loop, as ours does; see floor.mjs), BENCH_PROFILE=<dir> (every server started
 * with `node --cpu-prof`, its profile written into <dir> at the end as <server>.cpuprofile; summarise
 * one with profile-top.ts; the rates are then not the figures to quote).
 *
 * Run: npm run bench:token   (about five minutes; uses nothing but 127.0.0.1)
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { adminQuery, type Cluster, startCluster } from "../../test/helpers/postgres-cluster.js";
import { type ChatTraffic, chatTraffic, startConnector } from "./chat-traffic.js";
import { type LoadClient, loadClient } from "./load.js";
import { Child, cpuMicroseconds, freePorts, runCommand } from "./processes.js";
import { type Name, type Run, report } from "./report.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STEWARD = join(ROOT, "bin/steward.js");
const PEER = fileURLToPath(new URL("./peer.mjs", import.meta.url));
const FLOOR = fileURLToPath(new URL("./floor.mjs", import.meta.url));
const HOST = "127.0.0.1";

const CONNECTIONS = 50;
/** Per run (BENCH_WARMUP_SECONDS and BENCH_MEASURE_SECONDS override: shorter runs, more rounds, closer pairs). */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const MEASURE_SECONDS = Number(process.env.BENCH_MEASURE_SECONDS ?? 8);
/** Rounds over every target, alternating, so the machine's noise falls on all of them (BENCH_ROUNDS overrides). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROFILE_DIR = process.env.BENCH_PROFILE;
const BODY = "grant_type=client_credentials&scope=search";
/** Chat traffic beside the load on the replicas: messages a second, from this many people in turn. */
const CHAT = { perSecond: 10, people: 500 };

/**
 * The order of a round (each round starts one further on): what is compared stands side by side, so
 * the two are measured within seconds of each other — ours beside the floor it is held against, the
 * peer between, the replicas beside themselves with chat, and with metrics beside without.
 */
const ORDER: Name[] = ["sqlite+metrics", "sqlite", "floor", "peer", "floor×2", "postgres×2", "postgres×2+chat"];

/** Server processes of one kind: their token URLs and process ids. */
type Servers = { urls: string[]; pids: number[] };
type Target = Servers & {
  name: Name;
  chat?: (urls: string[]) => ChatTraffic;
  scraper?: (urls: string[]) => Scraper;
};
type Client = { id: string; secret: string };

/** The token GET /metrics requires in the "sqlite+metrics" process. */
const METRICS_TOKEN = "bench-metrics-token-0123456789";

type Scraper = { stop(): Promise<void>; scrapes: number; failed: number; bytes: number };

/** Polls each base's GET /metrics once a second, as a Prometheus server with scrape_interval 1s would. */
function scraper(bases: string[]): Scraper {
  const state: Scraper = { stop: async () => {}, scrapes: 0, failed: 0, bytes: 0 };
  const inFlight = new Set<Promise<void>>();
  const scrapeOnce = (base: string) => {
    const done = fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      .then(async (res) => {
        const text = await res.text();
        if (res.status === 200 && text.includes("steward_token_requests_total")) {
          state.scrapes += 1;
          state.bytes = text.length;
        } else state.failed += 1;
      })
      .catch(() => {
        state.failed += 1;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  const timer = setInterval(() => {
    for (const base of bases) scrapeOnce(base);
  }, 1000);
  state.stop = async () => {
    clearInterval(timer);
    await Promise.all(inFlight);
  };
  return state;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they go into the Basic header. */
const formEncode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);

/** An organisation, an application allowed the `search` API, a manager, and one secret for it. */
async function createClient(env: NodeJS.ProcessEnv): Promise<Client> {
  const steward = (...args: string[]) => runCommand(process.execPath, [STEWARD, ...args], { cwd: ROOT, env });
  await steward("org", "add", "Bench");
  const app = JSON.parse(await steward("app", "add", "Bench-App", "--org", "Bench", "--api", "search", "--json"));
  await steward("grant", "m@example.org", "--app", "Bench-App", "--role", "manager");
  const created = JSON.parse(
    await steward("secret", "create", "--app", "Bench-App", "--as", "m@example.org", "--json"),
  );
  return { id: (app as { clientId: string }).clientId, secret: (created as { value: string }).value };
}

/** One request: it must be a 200 with an access token, else the benchmark stops here. */
async function checkOneToken(target: Target, url: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, { method: "POST", headers, body: BODY });
  const text = await res.text();
  let token: unknown;
  try {
    token = (JSON.parse(text) as { access_token?: unknown }).access_token;
  } catch {
    // not JSON: reported just below
  }
  if (res.status !== 200 || typeof token !== "string") {
    throw new Error(`${target.name} (${url}) did not issue a token: ${res.status} ${text}`);
  }
  const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as {
    alg?: string;
    typ?: string;
  };
  console.log(`  ${target.name} ${url}: 200, ${header.typ} signed ${header.alg}, ${token.length} characters`);
}

/** CPU time the servers have used so far, together, in microseconds. */
const cpuOf = async (pids: number[]): Promise<number> =>
  (await Promise.all(pids.map(cpuMicroseconds))).reduce((sum, us) => sum + us, 0);

async function measure(
  client: LoadClient,
  target: Target,
  headers: Record<string, string>,
  round: number,
): Promise<Run> {
  const bases = target.urls.map((url) => url.replace(/\/oauth2\/token$/, ""));
  const chat = target.chat?.(bases);
  const scraping = target.scraper?.(bases);
  const spec = { urls: target.urls, headers, body: BODY, connections: CONNECTIONS };
  await client.load({ ...spec, seconds: WARMUP_SECONDS });
  const cpuBefore = await cpuOf(target.pids);
  const loaded = await client.load({ ...spec, seconds: MEASURE_SECONDS });
  const cpuUs = (await cpuOf(target.pids)) - cpuBefore;
  if (scraping) {
    await scraping.stop();
    console.log(
      `    scraper alongside: ${scraping.scrapes} scrapes of ${scraping.bytes} bytes, ${scraping.failed} failed`,
    );
  }
  if (chat) {
    await chat.stop();
    console.log(`    chat alongside: ${chat.sent} messages, ${chat.answered} answered, ${chat.failed} failed`);
  }
  return {
    name: target.name,
    round,
    tokensPerSecond: loaded.tokens / loaded.seconds,
    p50: loaded.p50,
    p99: loaded.p99,
    cpuPerToken: cpuUs / loaded.tokens,
    non2xx: loaded.non2xx,
    errors: loaded.errors,
  };
}

async function versionOf(pkg: string): Promise<string> {
  const json = JSON.parse(await readFile(join(ROOT, "node_modules", pkg, "package.json"), "utf8"));
  return (json as { version: string }).version;
}

/** Node's options for a server: with BENCH_PROFILE, a CPU profile written at exit as `<name>.cpuprofile`. */
const nodeOptions = (name: string): string[] =>
  PROFILE_DIR
    ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name.replace(/[^a-z0-9]+/gi, "-")}.cpuprofile`]
    : [];

/** Starts `count` Secret Steward processes on the database in `env`; resolves with their token URLs. */
async function startOurs(name: string, env: NodeJS.ProcessEnv, count: number, children: Child[]): Promise<Servers> {
  const ports = await freePorts(count);
  const urls: string[] = [];
  const pids: number[] = [];
  for (const [i, port] of ports.entries()) {
    const child = new Child(`${name} ${i + 1}`, [...nodeOptions(`${name} ${i + 1}`), STEWARD, "start"], {
      cwd: ROOT,
      env: { ...env, HOST, PORT: String(port) },
    });
    children.push(child);
    await child.waitUntilReady(`http://${HOST}:${port}/readyz`);
    urls.push(`http://${HOST}:${port}/oauth2/token`);
    pids.push(child.pid ?? 0);
  }
  return { urls, pids };
}

/** Starts the peer with the same client id and secret as ours. */
async function startPeer(client: Client, children: Child[]): Promise<Servers> {
  const [port] = await freePorts(1);
  const peer = new Child("oidc-provider", [...nodeOptions("peer"), PEER], {
    cwd: ROOT,
    env: { ...process.env, PEER_PORT: String(port), PEER_CLIENT_ID: client.id, PEER_CLIENT_SECRET: client.secret },
  });
  children.push(peer);
  await peer.waitUntilReady(`http://${HOST}:${port}/.well-known/openid-configuration`);
  console.log(`Peer ready: oidc-provider ${await versionOf("oidc-provider")}, pid ${peer.pid}`);
  return { urls: [`http://${HOST}:${port}/token`], pids: [peer.pid ?? 0] };
}

/** Starts `count` floor processes for the client; resolves with their token URLs. */
async function startFloor(name: string, client: Client, count: number, children: Child[]): Promise<Servers> {
  const urls: string[] = [];
  const pids: number[] = [];
  for (const port of await freePorts(count)) {
    const child = new Child(`${name} ${urls.length + 1}`, [...nodeOptions(`${name} ${urls.length + 1}`), FLOOR], {
      cwd: ROOT,
      env: { ...process.env, FLOOR_PORT: String(port), FLOOR_CLIENT_ID: client.id, FLOOR_CLIENT_SECRET: client.secret },
    });
    children.push(child);
    await child.waitUntilReady(`http://${HOST}:${port}/`);
    urls.push(`http://${HOST}:${port}/oauth2/token`);
    pids.push(child.pid ?? 0);
  }
  return { urls, pids };
}

const basicFor = (client: Client) => ({
  "Content-Type": "application/x-www-form-urlencoded",
  Authorization: `Basic ${Buffer.from(`${formEncode(client.id)}:${formEncode(client.secret)}`).toString("base64")}`,
});

async function main(): Promise<void> {
  const client = loadClient(process.env.BENCH_CLIENT, await versionOf("autocannon"));
  console.log("Building (npm run build)…");
  await runCommand("npm", ["run", "build"], { cwd: ROOT, env: process.env });

  const dir = await mkdtemp(join(tmpdir(), "steward-bench-"));
  const children: Child[] = [];
  let cluster: Cluster | undefined;
  let connectorServer: Server | undefined;
  const cleanUp = async () => {
    // A profiled server needs a moment to write its profile at exit.
    await Promise.all(children.map((child) => child.stop(PROFILE_DIR ? 30_000 : 3_000)));
    connectorServer?.close();
    cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }

  try {
    const common = { ...process.env, LOG_LEVEL: "warn", STEWARD_PEPPER: "bench-pepper-0123456789-abcdefghijklmnop" };
    const sqliteEnv = { ...common, DATABASE_PATH: join(dir, "steward.db") };
    const metricsEnv = { ...common, DATABASE_PATH: join(dir, "metrics.db"), METRICS_TOKEN };
    console.log("Starting a throwaway PostgreSQL cluster…");
    cluster = await startCluster();
    await adminQuery(cluster, "create database steward");
    const connector = await startConnector();
    connectorServer = connector.server;
    const postgresEnv = {
      ...common,
      DATABASE_URL: cluster.urlFor("steward"),
      // Chat traffic comes as Teams messages, as from the Agents Playground; answers go to the stand-in.
      TEAMS_ALLOW_UNAUTHENTICATED: "true",
      TEAMS_SERVICE_URL: connector.url,
    };
    const clients = {
      sqlite: await createClient(sqliteEnv),
      metrics: await createClient(metricsEnv),
      postgres: await createClient(postgresEnv),
    };
    const targets: { target: Target; headers: Record<string, string> }[] = [
      {
        target: { name: "sqlite", ...(await startOurs("sqlite", sqliteEnv, 1, children)) },
        headers: basicFor(clients.sqlite),
      },
      {
        target: {
          name: "sqlite+metrics",
          ...(await startOurs("sqlite+metrics", metricsEnv, 1, children)),
          scraper,
        },
        headers: basicFor(clients.metrics),
      },
    ];
    const replicas = await startOurs("postgres", postgresEnv, 2, children);
    targets.push(
      { target: { name: "postgres×2", ...replicas }, headers: basicFor(clients.postgres) },
      {
        target: {
          name: "postgres×2+chat",
          ...replicas,
          chat: (bases) => chatTraffic(bases, connector.url, CHAT),
        },
        headers: basicFor(clients.postgres),
      },
      {
        target: { name: "floor", ...(await startFloor("floor", clients.sqlite, 1, children)) },
        headers: basicFor(clients.sqlite),
      },
      {
        target: { name: "floor×2", ...(await startFloor("floor2", clients.sqlite, 2, children)) },
        headers: basicFor(clients.sqlite),
      },
      {
        target: { name: "peer", ...(await startPeer(clients.sqlite, children)) },
        headers: basicFor(clients.sqlite),
      },
    );
    for (const { target, headers } of targets) for (const url of target.urls) await checkOneToken(target, url, headers);

    // BENCH_ONLY=sqlite,floor measures just those, for a closer look at one pair.
    const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());
    const measured = (only ? targets.filter(({ target }) => only.includes(target.name)) : targets).sort(
      (a, b) => ORDER.indexOf(a.target.name) - ORDER.indexOf(b.target.name),
    );
    if (measured.some(({ target }) => target.chat)) {
      // The chat path is measured warm, as the token path is after its warm-up: a replica that has been
      // running has met its people and compiled its chat code. Every person once, up to 200 messages a second.
      const bases = replicas.urls.map((url) => url.replace(/\/oauth2\/token$/, ""));
      const warm = chatTraffic(bases, connector.url, { perSecond: 200, people: CHAT.people });
      const deadline = Date.now() + 30_000;
      while (warm.sent < CHAT.people && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await warm.stop();
      console.log(`Chat warmed up: ${warm.answered} of ${warm.sent} messages answered`);
    }
    console.log(
      `Loading with ${client.name}: ${CONNECTIONS} connections, ` +
        `${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured per run, ${measured.map(({ target }) => target.name).join(", ")} × ${ROUNDS}` +
        ` (node ${process.version}, ${cpus().length} CPUs)`,
    );
    // Once each before the first round, unmeasured: the first round otherwise met servers that had
    // served one token each and a machine still busy with the set-up (its first run's p99 was twice the others').
    for (const { target, headers } of measured) {
      await client.load({ urls: target.urls, headers, body: BODY, connections: CONNECTIONS, seconds: WARMUP_SECONDS });
    }
    const runs: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts one target further on: no target always follows the same one.
      const order = measured.map((_, i) => measured[(i + round) % measured.length]!);
      for (const { target, headers } of order) {
        const run = await measure(client, target, headers, round);
        runs.push(run);
        console.log(`  run ${runs.length}: ${run.name} ${run.tokensPerSecond.toFixed(0)} tokens/s`);
      }
    }
    report(runs);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(`\n❌ Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
