/**
 * What an operator watches of the outbox and the secrets, read on each scrape of GET /metrics: how many
 * deliveries wait and since when, how many failed for good, and how many secrets expire soon.
 */
import { count, inArray, isNull, lte, min, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import type { CredentialKind } from "../../db/vocabulary.js";

export type OutboxBacklog = {
  /** Rows not yet delivered (waiting, retrying, or claimed by a pass under way). */
  pending: number;
  /** When the oldest of them was due; null when none waits. */
  oldestDueAt: Date | null;
  /** Rows that failed for good (`steward remind --status` shows them). */
  failed: number;
};

/**
 * The backlog of both outboxes — reminders, and notices with webhook events — in four small queries on
 * their status indexes.
 */
export async function outboxBacklog(db: Db): Promise<OutboxBacklog> {
  const r = db.t.reminderOutbox;
  const o = db.t.outbox;
  const waiting = ["pending", "claimed"] as const;
  const [reminders] = await db
    .select({ n: count(), oldest: min(r.dueAt) })
    .from(r)
    .where(inArray(r.status, waiting));
  const [others] = await db
    .select({ n: count(), oldest: min(o.nextAttemptAt) })
    .from(o)
    .where(inArray(o.status, waiting));
  const [failedReminders] = await db
    .select({ n: count() })
    .from(r)
    .where(inArray(r.status, ["failed"]));
  const [failedOthers] = await db
    .select({ n: count() })
    .from(o)
    .where(inArray(o.status, ["failed"]));
  const oldest = [reminders?.oldest, others?.oldest]
    .filter((at) => at != null)
    .map((at) => new Date(at as Date).getTime());
  return {
    pending: Number(reminders?.n ?? 0) + Number(others?.n ?? 0),
    oldestDueAt: oldest.length === 0 ? null : new Date(Math.min(...oldest)),
    failed: Number(failedReminders?.n ?? 0) + Number(failedOthers?.n ?? 0),
  };
}

/** The day counts `expiringCounts` answers for; 0 is "already expired". */
export const EXPIRY_WITHIN_DAYS = [0, 1, 7, 14, 30, 90] as const;

/**
 * Active (not deactivated) secrets and certificates that expire within each of EXPIRY_WITHIN_DAYS days
 * of `now` (cumulative: within 7 includes within 1), by kind, in one query.
 */
export async function expiringCounts(db: Db, now: Date): Promise<Map<CredentialKind, Map<number, number>>> {
  const s = db.t.clientSecrets;
  const columns = Object.fromEntries(
    EXPIRY_WITHIN_DAYS.map((days) => [
      `d${days}`,
      sql<number>`sum(case when ${lte(s.expiresAt, new Date(now.getTime() + days * 86_400_000))} then 1 else 0 end)`,
    ]),
  );
  const rows = await db
    .select({ kind: s.kind, ...columns })
    .from(s)
    .where(isNull(s.deactivatedAt))
    .groupBy(s.kind);
  const counts = new Map<CredentialKind, Map<number, number>>();
  for (const row of rows as Array<Record<string, unknown> & { kind: CredentialKind }>) {
    counts.set(row.kind, new Map(EXPIRY_WITHIN_DAYS.map((days) => [days, Number(row[`d${days}`] ?? 0)])));
  }
  return counts;
}
