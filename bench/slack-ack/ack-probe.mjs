/**
 * Loaded into the benchmarked server with `--import`: subscribes to the Slack adapter's ack-timing
 * channel (adapters/slack/ack-timing.ts) and keeps each acknowledged request's marks in memory, keyed
 * by the benchmark's `x-bench-request` header; writes them as JSON to BENCH_ACK_TIMINGS when the
 * process exits, so nothing is written while requests are measured.
 */
import { subscribe } from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_ACK_TIMINGS;
const records = [];
subscribe("steward:slack-ack", ({ req, marks }) => {
  records.push({ id: req.headers["x-bench-request"], ...marks });
});
process.on("exit", () => {
  if (out) writeFileSync(out, JSON.stringify(records));
});
