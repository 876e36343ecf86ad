/**
 * Marking outbox rows after a delivery attempt, the retry schedule, and the e-mail fallback for a
 * channel alert that failed for good.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { managersOf } from "../people.js";
import { recordFallback } from "./record-reminders.js";
import type { LoadedItem } from "./reminder-items.js";

export type Claimed = {
  id: number;
  secretId: number;
  threshold: string;
  attempts: number;
  deadlineAt: Date;
  note: string | null;
};
export type Group = { channel: "email" | "slack" | "teams"; recipient: string };

const BASE_DELAY_MS = 5 * 60_000;
const MAX_DELAY_MS = 6 * 3_600_000;

/** `workspace/channelId` → its two parts. */
export const splitRecipient = (recipient: string): [string, string] => {
  const slash = recipient.indexOf("/");
  return [recipient.slice(0, slash), recipient.slice(slash + 1)];
};

/** Exponential backoff with jitter, never sooner than the other side asked. */
export function backoff(attempts: number, random: () => number, retryAfterSeconds?: number): number {
  const exponential = Math.min(BASE_DELAY_MS * 2 ** attempts, MAX_DELAY_MS) * (0.5 + random());
  return Math.max(exponential, (retryAfterSeconds ?? 0) * 1000);
}

export type Mark =
  | { status: "sent" | "printed"; at: Date }
  | { status: "failed"; at: Date; error: string }
  | { status: "retry"; at: Date; error: string; nextAt: number };

type Outcome = {
  status: "pending" | "sent" | "printed" | "failed";
  deliveredAt: Date | null;
  nextAttemptAt: Date;
  lastError: string | null;
};

/** What one claimed row becomes after an attempt. */
function outcomeOf(row: Claimed, m: Mark): Outcome {
  if (m.status === "retry") {
    const isAlive = m.nextAt <= row.deadlineAt.getTime();
    const status = isAlive ? "pending" : "failed";
    return {
      status,
      deliveredAt: null,
      nextAttemptAt: new Date(m.nextAt),
      lastError: isAlive ? m.error : `gave up: ${m.error}`,
    };
  }
  if (m.status === "failed") return { status: "failed", deliveredAt: null, nextAttemptAt: m.at, lastError: m.error };
  return { status: m.status, deliveredAt: m.at, nextAttemptAt: m.at, lastError: null };
}

/** Marks claimed rows; returns how many will be retried (the rest passed their deadline and failed). */
export async function mark(db: Db, rows: Claimed[], m: Mark): Promise<number> {
  const { reminderOutbox } = db.t;
  const outcomes = rows.map((row) => ({ row, outcome: outcomeOf(row, m) }));
  await db.transaction(async (tx) => {
    for (const { row, outcome } of outcomes) {
      await tx
        .update(reminderOutbox)
        .set({ ...outcome, attempts: sql`${reminderOutbox.attempts} + 1`, claimToken: null })
        .where(eq(reminderOutbox.id, row.id));
    }
  });
  return m.status === "retry" ? outcomes.filter((o) => o.outcome.status === "pending").length : 0;
}

/** A channel alert failed for good: each application's managers get it by e-mail, with a note. */
export async function channelFailed(
  db: Db,
  group: Group,
  rows: Claimed[],
  items: Map<number, LoadedItem>,
  reason: string,
  now: Date,
): Promise<void> {
  const where = `${group.channel === "slack" ? "Slack" : "Teams"} channel ${splitRecipient(group.recipient)[1]}`;
  for (const row of rows) {
    const item = items.get(row.secretId);
    if (!item || row.threshold.endsWith(":channel-failed")) continue;
    const emails = await managersOf(db, { id: item.applicationId, organisationId: item.organisationId }, now);
    const note = `The alert to ${where} failed (${reason}), so it comes to you by e-mail instead.`;
    await recordFallback(db, { secretId: row.secretId, threshold: row.threshold, emails, note, now });
  }
}
