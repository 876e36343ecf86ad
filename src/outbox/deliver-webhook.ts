/**
 * Sending one webhook delivery (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
 * `webhook-signature` over the exact body sent), and keeping each subscription's health: a success
 * clears its failing spell; a delivery that gives up reports the subscription to the administrators,
 * once per failing spell. The subscription is never dropped: it keeps getting events.
 */
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Query } from "../../db/database.js";
import type { Deps } from "../context.js";
import { webhookFailing, webhookFailingSubject } from "../messages/webhooks.js";
import { administratorEmails } from "../people.js";
import { DeliveryError } from "../ports/mailer.js";
import type { WebhookPoster } from "../ports/webhook-poster.js";
import { openSigningSecret, signature } from "../webhooks/signing.js";
import { recordNotices, toPerson } from "./notices.js";

/** An outbox row of a webhook: the message id (the same on every retry) and the body. */
export const WebhookPayload = z.object({
  id: z.string(),
  body: z.object({ type: z.string(), timestamp: z.string(), data: z.record(z.string(), z.unknown()) }),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

type Row = { webhookId: number | null; payload: unknown };

export async function deliverWebhook(
  deps: Deps,
  parts: { poster: WebhookPoster; pepper: Buffer },
  row: Row,
): Promise<void> {
  const { webhooks } = deps.db.t;
  if (row.webhookId === null) return;
  const [hook] = await deps.db.select().from(webhooks).where(eq(webhooks.id, row.webhookId));
  if (!hook) return; // removed meanwhile (its rows go with it)
  let secret: string;
  try {
    secret = openSigningSecret(parts.pepper, hook.secretSealed);
  } catch {
    throw new DeliveryError(
      "its signing secret cannot be opened with this STEWARD_PEPPER; remove the webhook and add it again",
      false,
    );
  }
  const { id, body } = WebhookPayload.parse(row.payload);
  const text = JSON.stringify(body);
  const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
  await parts.poster.post({
    url: hook.url,
    body: text,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signature(secret, id, timestamp, text),
    },
  });
}

/** A delivery went through: the subscription works again. */
export async function webhookDelivered(tx: Query, deps: Deps, webhookId: number): Promise<void> {
  const { webhooks } = deps.db.t;
  await tx
    .update(webhooks)
    .set({ failingSince: null, lastError: null, reportedAt: null })
    .where(and(eq(webhooks.id, webhookId), isNotNull(webhooks.failingSince)));
}

/** A delivery failed; when it gave up, the administrators are told (once per failing spell). */
export async function webhookFailed(deps: Deps, webhookId: number, error: string, isGivenUp: boolean): Promise<void> {
  const { webhooks } = deps.db.t;
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.update(webhooks).set({ lastError: error }).where(eq(webhooks.id, webhookId));
    await tx
      .update(webhooks)
      .set({ failingSince: now })
      .where(and(eq(webhooks.id, webhookId), isNull(webhooks.failingSince)));
  });
  if (!isGivenUp) return;
  const [hook] = await deps.db.transaction((tx) =>
    tx
      .update(webhooks)
      .set({ reportedAt: now })
      .where(and(eq(webhooks.id, webhookId), isNull(webhooks.reportedAt)))
      .returning(),
  );
  if (!hook) return;
  const admins = await administratorEmails(deps);
  deps.log.error({ webhook: hook.id, error }, "a webhook keeps failing; administrators are told");
  const reply = webhookFailing(hook, error);
  const subject = webhookFailingSubject(hook);
  await recordNotices(
    deps,
    admins.map((email) => ({
      key: `webhook.failing:${hook.id}:${now.getTime()}:${email}`,
      type: "webhook.failing",
      recipient: email,
      to: toPerson(email),
      reply,
      subject,
    })),
    now,
  );
}
