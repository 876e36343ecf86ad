/**
 * Where a Slack request's time to acknowledgement goes, for bench/slack-ack: marks taken at our first
 * code (the signature gate), after the signature check, when our listener starts and right after it
 * acknowledged, published on a diagnostics channel. Without a subscriber — always, outside the
 * benchmark — no mark is taken and nothing is published: one boolean check per request.
 */
import { channel } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

/** Every mark is a wall-clock time in milliseconds with sub-millisecond precision, comparable across processes. */
export type AckMarks = { arrived: number; signed?: number; listening?: number; acked?: number };
/** What the channel publishes once a request is acknowledged. */
export type AckTiming = { req: IncomingMessage; marks: AckMarks };

export const ACK_TIMING_CHANNEL = "steward:slack-ack";
const published = channel(ACK_TIMING_CHANNEL);
const now = () => performance.timeOrigin + performance.now();

const timings = new WeakMap<IncomingMessage, AckTiming>();

/** Starts the marks of a request that just reached our first code, when somebody listens. */
export function markArrived(req: IncomingMessage): void {
  if (published.hasSubscribers) timings.set(req, { req, marks: { arrived: now() } });
}

export function markSigned(req: IncomingMessage): void {
  const timing = timings.get(req);
  if (timing) timing.marks.signed = now();
}

/** The request's marks as a Bolt custom property (customPropertiesExtractor), so listeners find them in `context`. */
export function ackTimingProperty(req: IncomingMessage): Record<string, unknown> {
  const timing = timings.get(req);
  return timing ? { ackTiming: timing } : {};
}

const timingOf = (context: Record<string, unknown>): AckTiming | undefined =>
  context.ackTiming as AckTiming | undefined;

/** Called first in a listener: Bolt's part ends here. */
export function markListening(context: Record<string, unknown>): void {
  const timing = timingOf(context);
  if (timing) timing.marks.listening = now();
}

/** Called right after ack(): the answer is written; the marks are published. */
export function markAcked(context: Record<string, unknown>): void {
  const timing = timingOf(context);
  if (!timing) return;
  timing.marks.acked = now();
  published.publish(timing);
}
