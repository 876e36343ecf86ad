/**
 * Events out and notices to people: webhook subscriptions, and the outbox that carries both webhook
 * deliveries and notices (access requests, decisions, grants that end, too few managers) as the
 * reminder outbox carries reminders — recorded with the change, claimed before delivery, marked after,
 * retried with backoff until a deadline, and shown by `steward remind --status`.
 */
import { createdAt, id, integer, json, text, timestamp } from "../columns.js";
import type { Dialect } from "../database.js";
import type { Kit } from "../kit.js";
import { index } from "../table-parts.js";
import { outboxKinds, reminderStatuses } from "../vocabulary.js";

export function outboxTables<D extends Dialect>(k: Kit<D>) {
  /** A webhook subscription (`steward webhook add`): where events go, which ones, and how they are signed. */
  const webhooks = k.table("webhooks", {
    id: id(),
    url: text("url").notNull(),
    /** Patterns of event types, e.g. `secret.*`, `grant.added`, `*`. */
    events: json("events").$type<string[]>().notNull(),
    /**
     * The `whsec_` signing secret, sealed with AES-256-GCM under a key derived from the pepper: it must be
     * kept to sign, so it cannot be hashed; a copy of the database alone does not give it away.
     */
    secretSealed: text("secret_sealed").notNull(),
    addedBy: text("added_by").notNull(),
    createdAt: createdAt(),
    /** Since when deliveries fail without a success in between; null while it works. */
    failingSince: timestamp("failing_since"),
    lastError: text("last_error"),
    /** When administrators were told it keeps failing, so they are told once per failing spell. */
    reportedAt: timestamp("reported_at"),
  });

  const outbox = k.table(
    "outbox",
    {
      id: id(),
      /** What makes this message the same one when recorded again; recording is idempotent on it. */
      key: text("key").notNull().unique(),
      kind: text("kind", outboxKinds).notNull(),
      /** Notices: `access.requested`, `grant.ending`, …; webhooks: the event type. */
      type: text("type").notNull(),
      /** An e-mail, an alert channel, or the webhook's URL: for `steward remind --status`. */
      recipient: text("recipient").notNull(),
      webhookId: integer("webhook_id").references(() => webhooks.id, { onDelete: "cascade" }),
      /** What is sent: a notice's reply and route, or a webhook's `{type, timestamp, data}`; never a secret value. */
      payload: json("payload").$type<Record<string, unknown>>().notNull(),
      status: text("status", reminderStatuses).notNull().default("pending"),
      attempts: integer("attempts").notNull().default(0),
      nextAttemptAt: timestamp("next_attempt_at").notNull(),
      /** Retries stop here; the row is then failed for good and shown by `steward remind --status`. */
      deadlineAt: timestamp("deadline_at").notNull(),
      claimToken: text("claim_token"),
      claimedAt: timestamp("claimed_at"),
      deliveredAt: timestamp("delivered_at"),
      lastError: text("last_error"),
      createdAt: createdAt(),
    },
    (t) => [index("outbox_due_idx", [t.status, t.nextAttemptAt])],
  );

  return { webhooks, outbox };
}
