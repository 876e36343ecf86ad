/**
 * Records due reminders in the outbox, one row per (secret, threshold, recipient). The unique index
 * makes recording idempotent: a second pass, or two at once, never adds a second row.
 */
import type { Db } from "../../db/client.js";
import type { DueReminder } from "./find-due-reminders.js";

/** How long delivery of one reminder is retried before it is marked failed for good. */
export const RETRY_DEADLINE_MS = 3 * 86_400_000;

/** Inserts the batch in one transaction; returns how many rows were new. */
export function recordReminders(db: Db, batch: DueReminder[], now: Date): number {
  const insert = db.$client.prepare(
    `insert into reminder_outbox (secret_id, threshold, channel, recipient, status, attempts, due_at, next_attempt_at, deadline_at, note, created_at)
     values (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)
     on conflict (secret_id, threshold, channel, recipient) do nothing`,
  );
  const at = now.getTime();
  let added = 0;
  db.$client.transaction(() => {
    for (const due of batch) {
      for (const r of due.recipients) {
        added += insert.run(
          due.secretId,
          due.threshold,
          r.channel,
          r.recipient,
          at,
          at,
          at + RETRY_DEADLINE_MS,
          null,
          at,
        ).changes;
      }
    }
  })();
  return added;
}

/** Adds e-mail reminders with a note, e.g. to managers when a channel alert failed for good. */
export function recordFallback(
  db: Db,
  input: { secretId: number; threshold: string; emails: string[]; note: string; now: Date },
): void {
  const at = input.now.getTime();
  const insert = db.$client.prepare(
    `insert into reminder_outbox (secret_id, threshold, channel, recipient, status, attempts, due_at, next_attempt_at, deadline_at, note, created_at)
     values (?, ?, 'email', ?, 'pending', 0, ?, ?, ?, ?, ?)
     on conflict (secret_id, threshold, channel, recipient) do nothing`,
  );
  for (const email of input.emails) {
    insert.run(
      input.secretId,
      `${input.threshold}:channel-failed`,
      email,
      at,
      at,
      at + RETRY_DEADLINE_MS,
      input.note,
      at,
    );
  }
}
