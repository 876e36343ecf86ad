/**
 * Events out: every audit entry is an event of the same name, and each reminder (secret, threshold) a
 * `secret.expiring`. Each is recorded in the outbox once per subscription whose patterns match, in the
 * transaction of the change, so an event exists exactly when its change does. Data holds hints,
 * names, dates and who — what audit entries and reminders hold — never a secret value.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, Query } from "../../db/database.js";
import { auditActions } from "../audit-actions.js";
import { recordOutbox } from "../outbox/record-outbox.js";

/** Every event type a subscription may ask for. */
export const eventTypes = [...auditActions, "secret.expiring"] as const;

/** Whether a pattern (`*`, `secret.*`, `grant.added`) matches the type. */
export const matches = (pattern: string, type: string): boolean =>
  pattern === "*" || pattern === type || (pattern.endsWith(".*") && type.startsWith(pattern.slice(0, -1)));

/** A pattern that matches no event type names one that is not there (a typo): refused at `webhook add`. */
export const isKnownPattern = (pattern: string): boolean => eventTypes.some((type) => matches(pattern, type));

/** An event; its data is worked out only when some subscription wants it. */
export type Event = { type: string; at: Date; data: () => Promise<Record<string, unknown>> };

/** Records the event for every subscription that wants it; `key` makes recording it again a no-op. */
export async function recordEvent(tx: Query, db: Pick<Db, "t">, event: Event, key?: string): Promise<void> {
  const { webhooks, outbox } = db.t;
  const hooks = (
    await tx.select({ id: webhooks.id, url: webhooks.url, events: webhooks.events }).from(webhooks)
  ).filter((h) => h.events.some((p) => matches(p, event.type)));
  if (hooks.length === 0) return;
  // The message id: the same on every retry and for every subscription (receivers deduplicate on it).
  const id = `msg_${randomUUID().replaceAll("-", "")}`;
  const body = { type: event.type, timestamp: event.at.toISOString(), data: await event.data() };
  const rows = hooks.map((h) => ({
    key: `webhook:${h.id}:${key ?? id}`,
    kind: "webhook" as const,
    type: event.type,
    recipient: h.url,
    webhookId: h.id,
    payload: { id, body },
  }));
  await recordOutbox(tx, outbox, rows, event.at);
}

/** The names behind an audit entry's ids, for its event's data. */
export async function namesOf(
  tx: Query,
  db: Pick<Db, "t">,
  ids: { organisationId: number | null; applicationId: number | null },
): Promise<Record<string, unknown>> {
  const { applications, organisations } = db.t;
  const names: Record<string, unknown> = {};
  if (ids.applicationId !== null) {
    const [app] = await tx
      .select({ name: applications.name, clientId: applications.clientId, organisationId: applications.organisationId })
      .from(applications)
      .where(eq(applications.id, ids.applicationId));
    if (app) Object.assign(names, { application: app.name, clientId: app.clientId });
  }
  if (ids.organisationId !== null) {
    const [org] = await tx
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, ids.organisationId));
    if (org) names.organisation = org.name;
  }
  return names;
}
