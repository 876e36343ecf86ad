/** Child processes for the token-endpoint benchmark: one-shot commands, long-running servers, free ports. */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export type SpawnOptions = { cwd: string; env: NodeJS.ProcessEnv };

/** Runs a command to completion and returns its stdout; on failure throws with its output. */
export async function runCommand(file: string, args: string[], options: SpawnOptions): Promise<string> {
  try {
    const { stdout } = await execFileAsync(file, args, { ...options, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(" ")} failed:\n${stdout}${stderr}`, { cause: error });
  }
}

/** A long-running child whose output is kept (the last 64 KiB) to explain a failure. */
export class Child {
  private readonly process: ChildProcess;
  private readonly exited: Promise<void>;
  private output = "";
  private exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    args: string[],
    options: SpawnOptions,
  ) {
    this.process = spawn(process.execPath, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (text: string) => {
      this.output = (this.output + text).slice(-64 * 1024);
    };
    this.process.stdout?.on("data", (chunk: Buffer) => keep(chunk.toString("utf8")));
    this.process.stderr?.on("data", (chunk: Buffer) => keep(chunk.toString("utf8")));
    this.process.on("error", (error) => keep(`\n${error.message}\n`));
    this.exited = new Promise((resolve) =>
      this.process.once("exit", (code) => {
        this.exitCode = code;
        resolve();
      }),
    );
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** Polls `url` until it answers `200`; throws if the child exits first or `timeoutMs` passes. */
  async waitUntilReady(url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitCode !== undefined) throw new Error(`${this.name} exited (${this.exitCode}):\n${this.output}`);
      const status = await fetch(url).then(
        async (res) => {
          await res.arrayBuffer();
          return res.status;
        },
        () => 0,
      );
      if (status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} was not ready at ${url} within ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 3_000): Promise<void> {
    if (this.process.pid === undefined) return;
    if (this.exitCode === undefined) this.process.kill("SIGTERM");
    const timer = setTimeout(() => this.process.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** `count` distinct ports free on 127.0.0.1 right now (held open together so they differ). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", resolve);
      });
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("could not find a free port");
      ports.push(address.port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

/**
 * CPU time a process has used so far, every thread together (libuv's thread pool, where tokens are
 * signed, included), in microseconds; from Linux's per-thread schedstat, so NaN elsewhere.
 */
export async function cpuMicroseconds(pid: number): Promise<number> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const times = await Promise.all(
      tasks.map((task) => readFile(`/proc/${pid}/task/${task}/schedstat`, "utf8").catch(() => "0")),
    );
    return times.reduce((sum, line) => sum + Number(line.split(" ")[0]) / 1000, 0);
  } catch {
    return Number.NaN;
  }
}
