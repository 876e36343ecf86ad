/**
 * The token-endpoint benchmark's load generators, both closed-loop with keep-alive connections, each
 * connection sending its next request when the answer to the last one has come:
 *
 * - wrk (the default; Debian's `wrk` package), written in C: about 20 µs of CPU per request here.
 * - autocannon (BENCH_CLIENT=autocannon), in this process: about 35 µs per request, on a JavaScript event
 *   loop that reads answers in bursts.
 *
 * The load generator shares the machine's two cores with the servers it measures. oidc-provider is
 * bound by its one thread and does not need the second core; ours and the floor use both, so the
 * cheaper client takes less from them, and they are measured closer to what they serve when their
 * clients are elsewhere, as in production. The figures before wrk were measured with autocannon.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { runCommand } from "./processes.js";

/** One run of load: answers with a 2xx status, how long it lasted, response times of the 2xx answers (ms). */
export type Loaded = { tokens: number; seconds: number; p50: number; p99: number; non2xx: number; errors: number };
export type LoadSpec = {
  urls: string[];
  headers: Record<string, string>;
  body: string;
  connections: number;
  seconds: number;
};
export type LoadClient = { name: string; load: (spec: LoadSpec) => Promise<Loaded> };

const WRK_SCRIPT = fileURLToPath(new URL("./wrk.lua", import.meta.url));

/** Nearest-rank percentile of ascending values. */
const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** wrk, one thread per URL (the connections split evenly); its script prints the figures as JSON. */
async function loadWithWrk(spec: LoadSpec): Promise<Loaded> {
  const args = [
    `-t${spec.urls.length}`,
    `-c${spec.connections}`,
    `-d${spec.seconds}s`,
    "--timeout",
    "5s",
    "-s",
    WRK_SCRIPT,
    spec.urls[0]!,
  ];
  const env = {
    ...process.env,
    WRK_BODY: spec.body,
    WRK_CONTENT_TYPE: spec.headers["Content-Type"] ?? "",
    WRK_AUTHORIZATION: spec.headers.Authorization ?? "",
    WRK_PORTS: spec.urls.map((url) => new URL(url).port).join(","),
  };
  const out = await runCommand("wrk", args, { cwd: process.cwd(), env });
  const line = out.split("\n").find((text) => text.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no figures:\n${out}`);
  const figures = JSON.parse(line) as {
    requests: number;
    microseconds: number;
    failedStatus: number;
    socketErrors: number;
    p50: number;
    p99: number;
  };
  // wrk's percentiles cover every answer; a run with refusals stops the verdicts anyway (see report.ts).
  return {
    tokens: figures.requests - figures.failedStatus,
    seconds: figures.microseconds / 1e6,
    p50: figures.p50 / 1000,
    p99: figures.p99 / 1000,
    non2xx: figures.failedStatus,
    errors: figures.socketErrors,
  };
}

/** autocannon in this process; the exact response time of every 2xx answer is collected. */
function loadWithAutocannon(spec: LoadSpec): Promise<Loaded> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    // Several URLs: autocannon spreads its connections over them (the load balancer in front of replicas).
    // (autocannon accepts an array at run time; its types only know one URL.)
    const url = (spec.urls.length === 1 ? spec.urls[0] : spec.urls) as string;
    const options = { url, connections: spec.connections, duration: spec.seconds, method: "POST" as const };
    const instance = autocannon({ ...options, headers: spec.headers, body: spec.body }, (error, result) => {
      if (error) {
        reject(error);
        return;
      }
      const sorted = Float64Array.from(latencies).sort();
      resolve({
        tokens: result["2xx"],
        seconds: result.duration,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
      });
    });
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/** The client named (BENCH_CLIENT: wrk unless it says autocannon), with its version; wrk must be installed. */
export function loadClient(name = "wrk", autocannonVersion = ""): LoadClient {
  if (name === "autocannon") return { name: `autocannon ${autocannonVersion}`, load: loadWithAutocannon };
  if (name !== "wrk") throw new Error(`BENCH_CLIENT is "${name}": set it to wrk (the default) or autocannon.`);
  const probe = spawnSync("wrk", ["-v"], { encoding: "utf8" });
  if (probe.error) {
    throw new Error(
      "bench:token loads with wrk, which is not installed: apt-get install wrk, or BENCH_CLIENT=autocannon.",
    );
  }
  const version = /\d+\.\d+(\.\d+)?/.exec(`${probe.stdout}${probe.stderr}`)?.[0] ?? "(version unknown)";
  return { name: `wrk ${version}`, load: loadWithWrk };
}
