/** Time and heap figures for the reminder benchmark (run with --expose-gc, as npm run bench:reminders does). */
import { performance } from "node:perf_hooks";

const MIB = 1024 * 1024;
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
