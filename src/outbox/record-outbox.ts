/**
 * Recording in the outbox: one row per message, keyed so that recording the same message again (a
 * second pass, a retried command) adds nothing. Called inside the transaction of the change it reports
 * where there is one, so a message exists exactly when its change does.
 */
import type { Db, Query } from "../../db/database.js";
import type { OutboxKind } from "../../db/vocabulary.js";
import { RETRY_DEADLINE_MS } from "../jobs/record-reminders.js";
import { DAY_MS } from "../messages/format.js";

export type OutboxInput = {
  key: string;
  kind: OutboxKind;
  type: string;
  recipient: string;
  webhookId?: number;
  payload: Record<string, unknown>;
};

/** Webhook deliveries follow their own retry schedule (outbox-retry.ts); this only stops a stray row. */
const WEBHOOK_DEADLINE_MS = 2 * DAY_MS;

type OutboxTable = Db["t"]["outbox"];

/** Inserts the rows not recorded before (by key); returns the ids of the new ones. */
export async function recordOutbox(tx: Query, table: OutboxTable, rows: OutboxInput[], now: Date): Promise<number[]> {
  if (rows.length === 0) return [];
  const values = rows.map((r) => ({
    ...r,
    webhookId: r.webhookId ?? null,
    status: "pending" as const,
    attempts: 0,
    nextAttemptAt: now,
    deadlineAt: new Date(now.getTime() + (r.kind === "webhook" ? WEBHOOK_DEADLINE_MS : RETRY_DEADLINE_MS)),
    createdAt: now,
  }));
  const inserted = await tx.insert(table).values(values).onConflictDoNothing().returning({ id: table.id });
  return inserted.map((r) => r.id);
}
