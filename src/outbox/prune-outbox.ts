/**
 * Delivered notices and webhook events are kept for a while (the outbox is also a record of what went
 * out), then removed, so the table does not grow for ever. Undelivered and failed rows stay: they are
 * what `steward remind --status` shows.
 */
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { DAY_MS } from "../messages/format.js";

export const KEEP_DELIVERED_DAYS = 30;

/** Removes rows delivered more than KEEP_DELIVERED_DAYS before `now`; returns how many. */
export async function pruneOutbox(db: Db, now: Date): Promise<number> {
  const { outbox } = db.t;
  const before = new Date(now.getTime() - KEEP_DELIVERED_DAYS * DAY_MS);
  const removed = await db.transaction((tx) =>
    tx
      .delete(outbox)
      .where(and(eq(outbox.status, "sent"), lt(outbox.deliveredAt, before)))
      .returning({ id: outbox.id }),
  );
  return removed.length;
}
