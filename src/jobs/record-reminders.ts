/**
 * Records due reminders in the outbox, one row per (secret, threshold, recipient). The unique index
 * makes recording idempotent: a second pass, or two at once, never adds a second row.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { DAY_MS } from "../messages/format.js";
import type { DueReminder, Recipient } from "./find-due-reminders.js";

/** How long delivery of one reminder is retried before it is marked failed for good. */
export const RETRY_DEADLINE_MS = 3 * DAY_MS;
/** Rows per INSERT: well under either database's limit on bound parameters. */
const CHUNK = 500;

type OutboxRow = Recipient & { secretId: number; threshold: string; note: string | null };

/**
 * One idempotent insert for every way a reminder enters the outbox, in one transaction; returns how many
 * rows were new. SQLite answers a prepared one-row insert in microseconds, so it runs one statement per
 * row; PostgreSQL is a round trip away, so it gets many rows per statement.
 */
async function insertRows(db: Db, rows: OutboxRow[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const { reminderOutbox } = db.t;
  const deadlineAt = new Date(now.getTime() + RETRY_DEADLINE_MS);
  const fixed = { status: "pending" as const, attempts: 0, dueAt: now, nextAttemptAt: now, deadlineAt, createdAt: now };
  return db.transaction(async (tx) => {
    let added = 0;
    if (db.dialect === "sqlite") {
      const insert = tx
        .insert(reminderOutbox)
        .values({
          ...fixed,
          secretId: sql.placeholder("secretId"),
          threshold: sql.placeholder("threshold"),
          channel: sql.placeholder("channel"),
          recipient: sql.placeholder("recipient"),
          note: sql.placeholder("note"),
        })
        .onConflictDoNothing()
        .returning({ id: reminderOutbox.id })
        .prepare("record_reminder");
      for (const row of rows) added += (await insert.execute(row)).length;
      return added;
    }
    for (let i = 0; i < rows.length; i += CHUNK) {
      const values = rows.slice(i, i + CHUNK).map((r) => ({ ...r, ...fixed }));
      const inserted = await tx
        .insert(reminderOutbox)
        .values(values)
        .onConflictDoNothing()
        .returning({ id: reminderOutbox.id });
      added += inserted.length;
    }
    return added;
  });
}

/** Inserts the batch in one transaction; returns how many rows were new. */
export function recordReminders(db: Db, batch: DueReminder[], now: Date): Promise<number> {
  const rows = batch.flatMap((due) =>
    due.recipients.map((r) => ({ secretId: due.secretId, threshold: due.threshold, ...r, note: null })),
  );
  return insertRows(db, rows, now);
}

/** Adds e-mail reminders with a note, e.g. to managers when a channel alert failed for good. */
export async function recordFallback(
  db: Db,
  input: { secretId: number; threshold: string; emails: string[]; note: string; now: Date },
): Promise<void> {
  const threshold = `${input.threshold}:channel-failed`;
  const rows = input.emails.map((recipient) => ({
    secretId: input.secretId,
    threshold,
    channel: "email" as const,
    recipient,
    note: input.note,
  }));
  await insertRows(db, rows, input.now);
}
