import type { ChildProcess } from "node:child_process";
import type { Arrivals } from "./arrivals.js";

/** Resolves with everything the child printed once the pattern appears; rejects on exit or after 15 s. */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; saw:\n${seen}`)), 15_000);
    const onData = (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (!pattern.test(seen)) reject(new Error(`exited with ${code} before ${pattern}; saw:\n${seen}`));
    });
  });
}

/**
 * How many reminder passes the child has finished, from its log ("reminder pass done", at info); each
 * chunk of output is an arrival, for tests waiting on a count.
 */
export function passCounter(child: ChildProcess, arrivals: Arrivals): () => number {
  let passes = 0;
  let partial = "";
  child.stdout?.on("data", (data: Buffer) => {
    const lines = (partial + data.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.includes('"msg":"reminder pass done"')) passes++;
    arrivals.arrived();
  });
  return () => passes;
}
