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

/** The outbox's backlog: two small queries on its status index. */
export async function outboxBacklog(db: Db): Promise<OutboxBacklog> {
  const o = db.t.reminderOutbox;
  const [waiting] = await db
    .select({ n: count(), oldest: min(o.dueAt) })
    .from(o)
    .where(inArray(o.status, ["pending", "claimed"]));
  const [failed] = await db
    .select({ n: count() })
    .from(o)
    .where(inArray(o.status, ["failed"]));
  const oldest = waiting?.oldest;
  return {
    pending: Number(waiting?.n ?? 0),
    oldestDueAt: oldest == null ? null : new Date(oldest),
    failed: Number(failed?.n ?? 0),
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
