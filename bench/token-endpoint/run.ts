/**
 * Token-endpoint benchmark: Secret Steward's POST /oauth2/token against oidc-provider (the peer, see
 * peer.mjs), both answering client_credentials with client_secret_basic and issuing ES256 RFC 9068 JWT
 * access tokens.
 *
 * It builds the project, sets up a fresh temporary database with the CLI, starts both servers as their
 * own processes on 127.0.0.1, checks one token from each, then loads each with autocannon from this
 * process: 50 keep-alive connections, 2 s warm-up then 8 s measured, in the order ours, peer, ours, peer.
 * It prints tokens/s (2xx answers only), p50 and p99 latency of the 2xx answers (from autocannon's
 * per-response times, so below a millisecond too), the medians, and whether the target holds: ours
 * issues at least 2× the peer's tokens/s with a lower p99.
 *
 * Run: npm run bench:token   (about a minute; uses nothing but 127.0.0.1)
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { Child, freePorts, runCommand } from "./processes.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STEWARD = join(ROOT, "bin/steward.js");
const PEER = fileURLToPath(new URL("./peer.mjs", import.meta.url));
const HOST = "127.0.0.1";

const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const MEASURE_SECONDS = 8;
const ROUNDS = 2;
const BODY = "grant_type=client_credentials&scope=search";

type Target = { name: "ours" | "peer"; url: string };
const FIGURES = ["tokensPerSecond", "p50", "p99", "non2xx", "errors"] as const;
type Figures = Record<(typeof FIGURES)[number], number>;
type Run = Figures & { name: Target["name"] };
type Client = { id: string; secret: string };

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
async function checkOneToken(target: Target, headers: Record<string, string>): Promise<void> {
  const res = await fetch(target.url, { method: "POST", headers, body: BODY });
  const text = await res.text();
  let token: unknown;
  try {
    token = (JSON.parse(text) as { access_token?: unknown }).access_token;
  } catch {
    // not JSON: reported just below
  }
  if (res.status !== 200 || typeof token !== "string") {
    throw new Error(`${target.name} (${target.url}) did not issue a token: ${res.status} ${text}`);
  }
  const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as {
    alg?: string;
    typ?: string;
  };
  console.log(`  ${target.name}: 200, ${header.typ} access token signed ${header.alg}, ${token.length} characters`);
}

/** Loads the target for `seconds`; also collects the exact response time of every 2xx answer. */
function load(target: Target, headers: Record<string, string>, seconds: number) {
  return new Promise<{ result: autocannon.Result; latencies: number[] }>((resolve, reject) => {
    const latencies: number[] = [];
    const options = { url: target.url, connections: CONNECTIONS, duration: seconds, method: "POST" as const };
    const instance = autocannon({ ...options, headers, body: BODY }, (error, result) =>
      error ? reject(error) : resolve({ result, latencies }),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/** Nearest-rank percentile of ascending values. */
const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function measure(target: Target, headers: Record<string, string>): Promise<Run> {
  await load(target, headers, WARMUP_SECONDS);
  const { result, latencies } = await load(target, headers, MEASURE_SECONDS);
  const sorted = Float64Array.from(latencies).sort();
  return {
    name: target.name,
    tokensPerSecond: result["2xx"] / result.duration,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function report(runs: Run[]): void {
  const row = (cells: string[]) => console.log(cells.map((c, i) => (i < 2 ? c.padEnd(8) : c.padStart(10))).join(" "));
  const line = (label: string, r: Figures, name: string) =>
    row([
      label,
      name,
      r.tokensPerSecond.toFixed(0),
      r.p50.toFixed(2),
      r.p99.toFixed(2),
      String(r.non2xx),
      String(r.errors),
    ]);
  const medianOf = (name: Target["name"]): Figures => {
    const mine = runs.filter((r) => r.name === name);
    return Object.fromEntries(FIGURES.map((key) => [key, median(mine.map((r) => r[key]))])) as Figures;
  };

  console.log();
  row(["run", "server", "tokens/s", "p50 ms", "p99 ms", "non-2xx", "errors"]);
  for (const [i, r] of runs.entries()) line(String(i + 1), r, r.name);
  const ours = medianOf("ours");
  const peer = medianOf("peer");
  line("median", ours, "ours");
  line("median", peer, "peer");

  const throughput = ours.tokensPerSecond / peer.tokensPerSecond;
  const tail = ours.p99 / peer.p99;
  console.log(`\nours/peer: tokens/s ${throughput.toFixed(2)}×, p99 ${tail.toFixed(2)}×`);
  const holds = throughput >= 2 && ours.p99 < peer.p99;
  console.log(
    `target (ours tokens/s ≥ 2× peer and ours p99 < peer p99): ${holds ? "HOLDS" : "DOES NOT HOLD"}` +
      ` (tokens/s ${throughput >= 2 ? "met" : "missed"}, p99 ${ours.p99 < peer.p99 ? "met" : "missed"})`,
  );
}

async function versionOf(pkg: string): Promise<string> {
  const json = JSON.parse(await readFile(join(ROOT, "node_modules", pkg, "package.json"), "utf8"));
  return (json as { version: string }).version;
}

/** Starts our server and the peer (recorded in `children` for clean-up) and waits until both answer. */
async function startServers(env: NodeJS.ProcessEnv, client: Client, children: Child[]): Promise<Target[]> {
  const [ourPort, peerPort] = await freePorts(2);
  const ours = new Child("Secret Steward", [STEWARD, "start"], {
    cwd: ROOT,
    env: { ...env, HOST, PORT: String(ourPort) },
  });
  children.push(ours);
  const peer = new Child("oidc-provider", [PEER], {
    cwd: ROOT,
    env: { ...process.env, PEER_PORT: String(peerPort), PEER_CLIENT_ID: client.id, PEER_CLIENT_SECRET: client.secret },
  });
  children.push(peer);
  await ours.waitUntilReady(`http://${HOST}:${ourPort}/readyz`);
  await peer.waitUntilReady(`http://${HOST}:${peerPort}/.well-known/openid-configuration`);
  console.log(
    `Servers ready: ours pid ${ours.pid}, peer (oidc-provider ${await versionOf("oidc-provider")}) pid ${peer.pid}`,
  );
  return [
    { name: "ours", url: `http://${HOST}:${ourPort}/oauth2/token` },
    { name: "peer", url: `http://${HOST}:${peerPort}/token` },
  ];
}

async function main(): Promise<void> {
  console.log("Building (npm run build)…");
  await runCommand("npm", ["run", "build"], { cwd: ROOT, env: process.env });

  const dir = await mkdtemp(join(tmpdir(), "steward-bench-"));
  const children: Child[] = [];
  const cleanUp = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }

  try {
    const env = { ...process.env, DATABASE_PATH: join(dir, "steward.db"), LOG_LEVEL: "warn" };
    const client = await createClient(env);
    const targets = await startServers(env, client, children);
    const headers = {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${Buffer.from(`${formEncode(client.id)}:${formEncode(client.secret)}`).toString("base64")}`,
    };
    for (const target of targets) await checkOneToken(target, headers);

    console.log(
      `Loading with autocannon ${await versionOf("autocannon")}: ${CONNECTIONS} connections, ` +
        `${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured per run, ours/peer × ${ROUNDS}` +
        ` (node ${process.version}, ${cpus().length} CPUs)`,
    );
    const runs: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        const run = await measure(target, headers);
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
