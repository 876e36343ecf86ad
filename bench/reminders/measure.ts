/** Time and heap figures for the reminder benchmark (run with --expose-gc, as npm run bench:reminders does). */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const MIB = 1024 * 1024;
/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times, on every architecture Node runs on. */
const CLOCK_TICKS = 100;
const gc = () => global.gc?.();

export const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Wall-clock time, and this process's CPU time (user + system; steadier on a shared machine). */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; result: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, result };
}

/**
 * Runs `work` with the heap in use measured after a collection before and after it, and its peak
 * sampled every millisecond while it runs (a sample lands between the database's answers).
 */
export async function heapFigures<T>(
  work: () => Promise<T>,
): Promise<{ ms: number; cpuMs: number; result: T; text: string }> {
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  const { ms, cpuMs, result } = await timed(work);
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  gc();
  const after = process.memoryUsage().heapUsed;
  const text = [before, after, peak].map((b) => (b / MIB).toFixed(1)).join(" / ");
  return { ms, cpuMs, result, text: `${text} MiB (peak ${((peak - before) / MIB).toFixed(1)} MiB above before)` };
}

/** The largest heap still in use after a collection at each batch, in MiB. */
export async function livePeak<T>(batches: AsyncIterable<T[]>): Promise<number> {
  let live = 0;
  for await (const batch of batches) {
    gc();
    live = Math.max(live, process.memoryUsage().heapUsed);
    if (batch.length < 0) break; // keeps the batch alive while measuring
  }
  return live / MIB;
}

/**
 * CPU time (user + system, ms) of a server process and its children so far, read from Linux's /proc
 * (PostgreSQL: the postmaster and its backends); undefined where /proc cannot be read.
 */
export function processTreeCpuMs(pid: number): number | undefined {
  try {
    const ticks = (p: string) => {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return Number(fields[11]) + Number(fields[12]);
    };
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    const all = [String(pid), ...children].map((p) => {
      try {
        return ticks(p);
      } catch {
        return 0; // a backend that ended meanwhile
      }
    });
    return (all.reduce((a, b) => a + b, 0) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
