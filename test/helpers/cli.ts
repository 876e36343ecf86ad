/**
 * The `steward` CLI in tests: `steward` runs its `run` in this process (from the sources) on buffers of
 * its own; `stewardProcess` spawns the real bin/steward.js over the build, for what only a process shows
 * (the exit code the shell sees, signals, a closed pipe, `start`, two processes at once).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import type { Arrivals } from "./arrivals.js";
import { freePort } from "./http.js";
import { passCounter, waitForOutput } from "./process.js";

export const ROOT = join(import.meta.dirname, "..", "..");
export const BIN = join(ROOT, "bin", "steward.js");

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Environment for a CLI run: only what the test gives, plus PATH and HOME. */
export function cliEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "info", ...env };
}

/** A stream that keeps everything written to it. */
function buffer(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

/**
 * Runs the CLI in this process with these arguments, this environment and `input` as stdin. Runs at once
 * are kept apart, but two that write one SQLite file at once can meet its lock (better-sqlite3 waits for
 * it synchronously, so the holder cannot finish): concurrent writers are `stewardProcess`es.
 */
export async function steward(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  const stdout = buffer();
  const stderr = buffer();
  const stdin = new PassThrough();
  stdin.end(input ?? "");
  // Loaded on first use: files that only need ROOT or BIN (the start tests) do not load the whole CLI.
  const { run } = await import("../../adapters/cli/main.js");
  const code = await run(args, { stdout: stdout.stream, stderr: stderr.stream, stdin, env: cliEnv(env) });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the real `steward` (bin/steward.js over the build) as a child process, from ROOT unless `cwd` is given. */
export function stewardProcess(
  args: string[],
  env: Record<string, string>,
  input?: string,
  options: { cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(env), cwd: options.cwd ?? ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/**
 * `steward start` as a process of its own (a replica) on a free port, once it says it is running, with
 * `env` and LOG_LEVEL=info; PUBLIC_URL is its own address unless `publicUrl` says otherwise. `passes`
 * counts its reminder passes, each telling `arrivals`.
 */
export async function startedReplica(
  env: Record<string, string>,
  arrivals: Arrivals,
  publicUrl?: string,
): Promise<{ base: string; child: ChildProcess; passes: () => number }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [BIN, "start"], {
    cwd: ROOT,
    env: cliEnv({ ...env, HOST: "127.0.0.1", PORT: String(port), PUBLIC_URL: publicUrl ?? base, LOG_LEVEL: "info" }),
  });
  const passes = passCounter(child, arrivals);
  await waitForOutput(child, /Secret Steward is running/);
  return { base, child, passes };
}
