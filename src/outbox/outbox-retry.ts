/**
 * When the outbox tries a message again. Notices follow the reminders' backoff (five minutes doubling,
 * at most six hours apart, for three days). Webhook deliveries follow the Standard Webhooks
 * recommendation: the first retry within a minute, then 5 minutes, 30 minutes, 2, 5, 10 and 10 hours —
 * eight attempts over more than a day — each with a little jitter so replicas and receivers do not
 * meet in step.
 */
import { backoff } from "../jobs/outbox-marks.js";

const WEBHOOK_RETRIES_MS = [
  30_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** The instant of the next try after `attempts` failed ones (this one included), or null to give up. */
export function nextAttemptAt(
  row: { kind: "notice" | "webhook"; attempts: number; deadlineAt: Date },
  now: Date,
  random: () => number,
  retryAfterSeconds?: number,
): Date | null {
  if (row.kind === "webhook") {
    const delay = WEBHOOK_RETRIES_MS[row.attempts - 1];
    if (delay === undefined) return null;
    return new Date(now.getTime() + Math.max(delay * (0.9 + 0.2 * random()), (retryAfterSeconds ?? 0) * 1000));
  }
  const next = now.getTime() + backoff(row.attempts - 1, random, retryAfterSeconds);
  return next <= row.deadlineAt.getTime() ? new Date(next) : null;
}
