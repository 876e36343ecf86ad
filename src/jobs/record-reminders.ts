/**
 * Records due reminders in the outbox, one row per (secret, threshold, recipient). The unique index
 * makes recording idempotent: a second pass, or two at once, never adds a second row.
 */
import type { Db } from "../../db/client.js";
import type { DueReminder } from "./find-due-reminders.js";

/** How long delivery of one reminder is retried before it is marked failed for good. */
export const RETRY_DEADLINE_MS = 3 * 86_400_000;

type OutboxRow = { secretId: number; threshold: string; channel: string; recipient: string; note: string | null };

/** One idempotent insert for every way a reminder enters the outbox; returns how many rows were new. */
function insertRows(db: Db, rows: OutboxRow[], now: Date): number {
  const insert = db.$client.prepare(
    `insert into reminder_outbox (secret_id, threshold, channel, recipient, status, attempts, due_at, next_attempt_at, deadline_at, note, created_at)
     values (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)
     on conflict (secret_id, threshold, channel, recipient) do nothing`,
  );
  const at = now.getTime();
  let added = 0;
  db.$client.transaction(() => {
    for (const r of rows) {
      added += insert.run(
        r.secretId,
        r.threshold,
        r.channel,
        r.recipient,
        at,
        at,
        at + RETRY_DEADLINE_MS,
        r.note,
        at,
      ).changes;
    }
  })();
  return added;
}

/** Inserts the batch in one transaction; returns how many rows were new. */
export function recordReminders(db: Db, batch: DueReminder[], now: Date): number {
  const rows = batch.flatMap((due) =>
    due.recipients.map((r) => ({ secretId: due.secretId, threshold: due.threshold, ...r, note: null })),
  );
  return insertRows(db, rows, now);
}

/** Adds e-mail reminders with a note, e.g. to managers when a channel alert failed for good. */
export function recordFallback(
  db: Db,
  input: { secretId: number; threshold: string; emails: string[]; note: string; now: Date },
): void {
  const threshold = `${input.threshold}:channel-failed`;
  const rows = input.emails.map((recipient) => ({
    secretId: input.secretId,
    threshold,
    channel: "email",
    recipient,
    note: input.note,
  }));
  insertRows(db, rows, input.now);
}
