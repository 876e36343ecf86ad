/**
 * Runs the reminder pass at REMINDER_CRON in REMINDER_TIMEZONE (never overlapping in this process;
 * the database lease covers other processes), retries due deliveries every ten minutes between, and
 * delivers the outbox (notices, webhook events) every five seconds, so an event goes out within ten.
 */
import { Cron } from "croner";
import type { Logger } from "../log.js";

/** Whether croner reads this as a schedule (checked with the rest of the configuration at start). */
export function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

export type Scheduler = { stop(): void; nextRun(): Date | null };

export function startReminderScheduler(input: {
  cron: string;
  timeZone: string;
  log: Logger;
  pass: () => Promise<unknown>;
  retry: () => Promise<unknown>;
  outbox: () => Promise<unknown>;
}): Scheduler {
  const onError = (error: unknown) => input.log.error({ err: error }, "reminder job failed; the next run tries again");
  const pass = new Cron(input.cron, { timezone: input.timeZone, protect: true, catch: onError }, async () => {
    await input.pass();
  });
  const retry = new Cron("*/10 * * * *", { protect: true, catch: onError }, async () => {
    await input.retry();
  });
  const outbox = new Cron("*/5 * * * * *", { protect: true, catch: onError }, async () => {
    await input.outbox();
  });
  return {
    stop: () => {
      pass.stop();
      retry.stop();
      outbox.stop();
    },
    nextRun: () => pass.nextRun(),
  };
}
