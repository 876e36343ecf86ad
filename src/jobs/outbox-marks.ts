/**
 * Marking outbox rows after a delivery attempt, the retry schedule, and the e-mail fallback for a
 * channel alert that failed for good.
 */
import type { Db } from "../../db/client.js";
import { managersOf } from "../access.js";
import { recordFallback } from "./record-reminders.js";
import type { LoadedItem } from "./reminder-items.js";

export type Claimed = {
  id: number;
  secret_id: number;
  threshold: string;
  attempts: number;
  deadline_at: number;
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

/** Marks claimed rows; returns how many will be retried (the rest passed their deadline and failed). */
export function mark(db: Db, rows: Claimed[], m: Mark): number {
  const update = db.$client.prepare(
    `update reminder_outbox set status = ?, attempts = attempts + ?, delivered_at = ?, next_attempt_at = ?,
            last_error = ?, claim_token = null where id = ?`,
  );
  let retried = 0;
  db.$client.transaction(() => {
    for (const row of rows) {
      if (m.status === "retry") {
        const isAlive = m.nextAt <= row.deadline_at;
        retried += isAlive ? 1 : 0;
        update.run(
          isAlive ? "pending" : "failed",
          1,
          null,
          m.nextAt,
          isAlive ? m.error : `gave up: ${m.error}`,
          row.id,
        );
      } else if (m.status === "failed") {
        update.run("failed", 1, null, m.at.getTime(), m.error, row.id);
      } else {
        update.run(m.status, 1, m.at.getTime(), m.at.getTime(), null, row.id);
      }
    }
  })();
  return retried;
}

/** A channel alert failed for good: each application's managers get it by e-mail, with a note. */
export function channelFailed(
  db: Db,
  group: Group,
  rows: Claimed[],
  items: Map<number, LoadedItem>,
  reason: string,
  now: Date,
) {
  const where = `${group.channel === "slack" ? "Slack" : "Teams"} channel ${splitRecipient(group.recipient)[1]}`;
  for (const row of rows) {
    const item = items.get(row.secret_id);
    if (!item || row.threshold.endsWith(":channel-failed")) continue;
    const emails = managersOf(db, { id: item.applicationId, organisationId: item.organisationId });
    const note = `The alert to ${where} failed (${reason}), so it comes to you by e-mail instead.`;
    recordFallback(db, { secretId: row.secret_id, threshold: row.threshold, emails, note, now });
  }
}
