/**
 * `secret.expiring`: one event per reminder (secret and threshold), recorded with the reminders of the
 * pass. Keyed by secret and threshold, so passes that plan the same reminder again add no event.
 */
import type { Db } from "../../db/database.js";
import type { DueReminder } from "../jobs/find-due-reminders.js";
import { loadReminderItems } from "../jobs/reminder-items.js";
import { isoDate } from "../messages/format.js";
import { matches, recordEvent } from "./events.js";

export async function recordExpiringEvents(db: Db, batch: DueReminder[], now: Date): Promise<void> {
  const { webhooks } = db.t;
  const hooks = await db.select({ events: webhooks.events }).from(webhooks);
  if (!hooks.some((h) => h.events.some((p) => matches(p, "secret.expiring")))) return;
  const items = await loadReminderItems(
    db,
    batch.map((d) => d.secretId),
  );
  await db.transaction(async (tx) => {
    for (const due of batch) {
      const item = items.get(due.secretId);
      if (!item) continue;
      const data = {
        application: item.applicationName,
        clientId: item.clientId,
        hint: item.hint,
        displayName: item.displayName,
        kind: item.kind,
        provider: item.providerLabel,
        expiresAt: item.expiresAt.toISOString(),
        expiresOn: isoDate(item.expiresAt),
        threshold: due.threshold,
        isRotating: item.hasSuccessor,
      };
      const key = `secret.expiring:${due.secretId}:${due.threshold}`;
      await recordEvent(tx, db, { type: "secret.expiring", at: now, data: async () => data }, key);
    }
  });
}
