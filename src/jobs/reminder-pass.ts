/**
 * One reminder pass: take the lease (never two passes at once), plan what is due, record it in the
 * outbox (and a `secret.expiring` event per reminder for webhooks), deliver. The dry run plans and reports without recording or sending anything.
 */
import type { Db } from "../../db/database.js";
import { recordExpiringEvents } from "../webhooks/expiring-events.js";
import { type DeliveryDeps, type DeliveryReport, deliverReminders } from "./deliver-reminders.js";
import { type DueReminder, findDueReminders, type PlanningOptions } from "./find-due-reminders.js";
import { recordReminders } from "./record-reminders.js";
import { withEvidence } from "./reminder-evidence.js";
import type { RetireReport } from "./retire-idle-secrets.js";

export const REMINDER_LEASE = "reminders";
const LEASE_TTL_MS = 15 * 60_000;

/** What the step before the reminders did (the access housekeeping: requests lapsed, grants ending and ended). */
export type BeforePassReport = { lapsed: number; warned: number; ended: number };

export type PassOptions = Omit<PlanningOptions, "now"> & {
  isDryRun?: boolean;
  beforePass?: () => Promise<BeforePassReport>;
  /** The retire step, after the step before (which syncs the provider): asks about or retires idle older secrets. */
  retire?: () => Promise<RetireReport>;
};

export type PassReport =
  | { outcome: "skipped"; reason: string }
  | { outcome: "dry-run"; due: DueReminder[] }
  | {
      outcome: "done";
      recorded: number;
      delivery: DeliveryReport;
      before: BeforePassReport | null;
      retire?: RetireReport | null;
    };

/**
 * One pass (or a dry run), in a span and counted: its outcome (done, skipped, failed), how long it took
 * and what became of its reminders. A dry run is not counted.
 */
export async function runReminderPass(deps: DeliveryDeps & { db: Db }, options: PassOptions): Promise<PassReport> {
  const now = deps.clock.now();
  if (options.isDryRun) {
    const due: DueReminder[] = [];
    for await (const batch of findDueReminders(deps.db, { ...options, now }))
      due.push(...(await withEvidence(deps, batch, now)));
    return { outcome: "dry-run", due };
  }
  return observedPass(deps, "pass", () => pass(deps, options, now));
}

async function observedPass(
  deps: Pick<DeliveryDeps, "metrics" | "tracer">,
  kind: "pass" | "retry",
  work: () => Promise<PassReport>,
): Promise<PassReport> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const none = { kind, recorded: 0, sent: 0, printed: 0, retrying: 0, failed: 0 };
  try {
    const report = await deps.tracer.span(`reminder ${kind}`, {}, work);
    if (report.outcome === "done") {
      const { recorded, delivery } = report;
      deps.metrics.reminderPass({ kind, outcome: "done", seconds: seconds(), recorded, ...delivery });
    } else if (report.outcome === "skipped") {
      deps.metrics.reminderPass({ outcome: "skipped", seconds: seconds(), ...none });
    }
    return report;
  } catch (error) {
    deps.metrics.reminderPass({ outcome: "failed", seconds: seconds(), ...none });
    throw error;
  }
}

async function pass(deps: DeliveryDeps & { db: Db }, options: PassOptions, now: Date): Promise<PassReport> {
  const lease = await deps.db.acquireLease(REMINDER_LEASE, now, LEASE_TTL_MS);
  if (!lease) return { outcome: "skipped", reason: "another reminder pass is running" };
  try {
    const before = options.beforePass
      ? await options.beforePass().catch((error: unknown) => {
          deps.log.warn({ err: error }, "before-pass step failed; reminders go on");
          return null;
        })
      : null;
    const retire = options.retire
      ? await options.retire().catch((error: unknown) => {
          deps.log.warn({ err: error }, "retire step failed; the next pass tries again, reminders go on");
          return null;
        })
      : null;
    await lease.renew(deps.clock.now());
    let recorded = 0;
    for await (const planned of findDueReminders(deps.db, { ...options, now })) {
      const batch = await withEvidence(deps, planned, now);
      recorded += await recordReminders(deps.db, batch, now);
      await recordExpiringEvents(deps.db, batch, now);
      await lease.renew(deps.clock.now());
    }
    const delivery = await deliverReminders(deps, () => lease.renew(deps.clock.now()));
    deps.log.info({ recorded, ...delivery }, "reminder pass done");
    return { outcome: "done", recorded, delivery, before, retire };
  } finally {
    await lease.release();
  }
}

/** Retries due deliveries between passes (no planning), under the same lease; traced and counted as a pass would be. */
export async function retryDeliveries(deps: DeliveryDeps): Promise<DeliveryReport | null> {
  const report = await observedPass(deps, "retry", async () => {
    const lease = await deps.db.acquireLease(REMINDER_LEASE, deps.clock.now(), LEASE_TTL_MS);
    if (!lease) return { outcome: "skipped", reason: "another reminder pass is running" };
    try {
      const delivery = await deliverReminders(deps, () => lease.renew(deps.clock.now()));
      return { outcome: "done", recorded: 0, delivery, before: null };
    } finally {
      await lease.release();
    }
  });
  return report.outcome === "done" ? report.delivery : null;
}
