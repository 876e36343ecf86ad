/**
 * The top frames of a V8 CPU profile (`node --cpu-prof`, e.g. a server of bench:token run with
 * BENCH_PROFILE=<dir>) by self time: where the process spent its CPU, one line per function, as a
 * Markdown table. Only the samples from the first token request (for a bench:slack server, the first
 * Slack request) on count (start-up is not the hot path), and idle time is left out of the shares (a
 * server under load still waits on its sockets).
 *
 * Run: node --import tsx bench/token-endpoint/profile-top.ts <file.cpuprofile> [how many, default 20]
 */
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where a token request is served: ours, the floor, oidc-provider; and where a Slack request first meets our code. */
const TOKEN_CODE = /token-route\.js|floor\.mjs|oidc-provider\/lib\/actions\/token|slack\/signed-request\.js/;

/** A frame's name: the function, and where it is (a path in this repository or a package, or a Node built-in). */
function frameName({ functionName, url, lineNumber }: ProfileNode["callFrame"]): string {
  const name = functionName || "(anonymous)";
  if (!url) return name;
  const path = url.startsWith("file://") ? relative(ROOT, fileURLToPath(url)) : url;
  const where = path.replace(/^.*node_modules\//, "");
  return `${name} ${where}:${lineNumber + 1}`;
}

async function main(): Promise<void> {
  const [file, count = "20"] = process.argv.slice(2);
  if (!file) {
    console.error("Usage: profile-top.ts <file.cpuprofile> [how many]");
    process.exitCode = 2;
    return;
  }
  const profile = JSON.parse(await readFile(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const servesToken = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (TOKEN_CODE.test(byId.get(at)?.callFrame.url ?? "")) return true;
    }
    return false;
  };
  const first = profile.samples.findIndex(servesToken);
  const selfUs = new Map<string, number>();
  let busyUs = 0;
  let idleUs = 0;
  for (const [i, id] of profile.samples.entries()) {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node || i < first) continue;
    if (node.callFrame.functionName === "(idle)") {
      idleUs += delta;
      continue;
    }
    busyUs += delta;
    const name = frameName(node.callFrame);
    selfUs.set(name, (selfUs.get(name) ?? 0) + delta);
  }
  const top = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(count));
  const seconds = (us: number) => (us / 1e6).toFixed(2);
  console.log(`${file}, from the first request on: ${seconds(busyUs)} s busy, ${seconds(idleUs)} s idle\n`);
  console.log("| self ms | share of busy | frame |");
  console.log("|---:|---:|---|");
  for (const [name, us] of top) {
    console.log(`| ${(us / 1000).toFixed(0)} | ${((us / busyUs) * 100).toFixed(1)}% | \`${name}\` |`);
  }
}

await main();
