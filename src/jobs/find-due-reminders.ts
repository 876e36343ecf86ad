/**
 * Planning, in bounded batches: scans the secrets near or just past expiry, asks `dueThreshold` which
 * reminder each needs now, and resolves who hears it. Memory is bounded by the batch size, not by the
 * number of secrets. The scan reads the expiry index alone (client_secrets_expiry_scan_idx holds every
 * column it needs, in the order it pages), and moments come as numbers, not Dates (npm run
 * bench:reminders plans a pass over a million secrets on both databases).
 */
import { and, asc, between, eq, gt, or } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { epochMs } from "../../db/epoch-ms.js";
import { inIds } from "../../db/id-list.js";
import type { Deactivator } from "../../db/vocabulary.js";
import { DAY_MS } from "../messages/format.js";
import { LocalDays } from "./local-days.js";
import { dueThreshold, EXPIRED_REMINDER_WINDOW_DAYS } from "./plan-reminders.js";
import { type Recipient, ReminderRecipients } from "./reminder-recipients.js";

export type { Recipient };

export type DueReminder = {
  secretId: number;
  applicationId: number;
  organisationId: number;
  threshold: string;
  /** Shared by the reminders of the same recipients: never changed. */
  recipients: readonly Recipient[];
};

export type PlanningOptions = {
  now: Date;
  reminderDays: number[];
  timeZone: string;
  /** Who hears a reminder for an application with no manager and no contact. */
  fallbackEmails: string[];
  batchSize?: number;
};

/** Moments in Unix milliseconds. */
type SecretRow = {
  id: number;
  applicationId: number;
  organisationId: number;
  expiresAt: number;
  createdAt: number;
  deactivatedAt: number | null;
  deactivatedBy: Deactivator | null;
};

/** Yields the due reminders batch by batch. */
export async function* findDueReminders(db: Db, options: PlanningOptions): AsyncGenerator<DueReminder[]> {
  const now = options.now.getTime();
  const maxDays = Math.max(...options.reminderDays) + 3; // +3: a weekend shift brings a threshold forward
  const plan = { now, reminderDays: options.reminderDays, days: new LocalDays(options.timeZone) };
  const window: Window = {
    from: new Date(now - EXPIRED_REMINDER_WINDOW_DAYS * DAY_MS),
    to: new Date(now + maxDays * DAY_MS),
    size: options.batchSize ?? 5000,
  };
  // One page ahead: the next page is read (it starts after this page's last row) while this one is
  // planned, its recipients looked up and its batch handed on, so at most two pages are held at once.
  let next = readPage(db, window, null);
  const addressees = new ReminderRecipients(db, options.now, options.fallbackEmails);
  while (true) {
    const { rows, planned } = await next;
    const last = rows.at(-1);
    if (!last) return;
    next = readPage(db, window, last);
    // Read in the next turn of the loop; if the pass ends first (an error, or the caller stopping), a
    // failure of this read has nobody to tell and must not surface as an unhandled rejection.
    next.catch(() => {});
    const due: { row: SecretRow; threshold: string }[] = [];
    for (const row of rows) {
      const threshold = dueThreshold(row, planned.get(row.id) ?? NONE_PLANNED, plan);
      if (threshold) due.push({ row, threshold });
    }
    if (due.length === 0) continue;
    const recipients = await addressees.forPage(due.map((d) => d.row));
    yield due.map(({ row, threshold }) => ({
      secretId: row.id,
      applicationId: row.applicationId,
      organisationId: row.organisationId,
      threshold,
      recipients: recipients(row.applicationId, row.organisationId),
    }));
  }
}

/** The expiry window a pass reads, and the rows per page. */
type Window = { from: Date; to: Date; size: number };

/**
 * One keyset page in the order of the expiry index (expires_at, then the row id it carries), starting
 * after the last row of the page before, so a pass reads the window once instead of sorting it per page;
 * and the thresholds the outbox already holds for its secrets.
 */
async function readPage(db: Db, window: Window, after: SecretRow | null) {
  const { applications, clientSecrets } = db.t;
  const from = after ? new Date(after.expiresAt) : window.from;
  const rows: SecretRow[] = await db
    .select({
      id: clientSecrets.id,
      applicationId: clientSecrets.applicationId,
      organisationId: applications.organisationId,
      expiresAt: epochMs(db, clientSecrets.expiresAt),
      createdAt: epochMs(db, clientSecrets.createdAt),
      deactivatedAt: epochMs(db, clientSecrets.deactivatedAt),
      deactivatedBy: clientSecrets.deactivatedBy,
    })
    .from(clientSecrets)
    .innerJoin(applications, eq(applications.id, clientSecrets.applicationId))
    .where(
      and(
        between(clientSecrets.expiresAt, from, window.to),
        after ? or(gt(clientSecrets.expiresAt, from), gt(clientSecrets.id, after.id)) : undefined,
      ),
    )
    .orderBy(asc(clientSecrets.expiresAt), asc(clientSecrets.id))
    .limit(window.size);
  const planned = await plannedThresholds(
    db,
    rows.map((r) => r.id),
  );
  return { rows, planned };
}

const NONE_PLANNED: ReadonlySet<string> = new Set();

async function plannedThresholds(db: Db, secretIds: number[]): Promise<Map<number, Set<string>>> {
  if (secretIds.length === 0) return new Map();
  const { reminderOutbox } = db.t;
  const rows = await db
    .selectDistinct({ secretId: reminderOutbox.secretId, threshold: reminderOutbox.threshold })
    .from(reminderOutbox)
    .where(inIds(db, reminderOutbox.secretId, secretIds));
  const planned = new Map<number, Set<string>>();
  for (const r of rows) {
    const set = planned.get(r.secretId) ?? new Set<string>();
    set.add(r.threshold.split(":")[0] ?? r.threshold);
    planned.set(r.secretId, set);
  }
  return planned;
}
