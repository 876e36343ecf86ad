/**
 * Webhook subscriptions (`steward webhook add|list|remove`), administrators only. The signing secret is
 * returned once by `addWebhook` and kept only sealed (src/webhooks/signing.ts).
 */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { requireAdministrator } from "../policy.js";
import { eventTypes, isKnownPattern } from "../webhooks/events.js";
import { newSigningSecret, sealSigningSecret } from "../webhooks/signing.js";
import { webhookTargetProblem } from "../webhooks/target.js";

const families = [...new Set(eventTypes.map((t) => `${t.split(".")[0]}.*`))].join(", ");

export const AddWebhookInput = z.object({
  url: z
    .string()
    .trim()
    .superRefine((url, issue) => {
      const problem = webhookTargetProblem(url);
      if (problem) issue.addIssue({ code: "custom", message: problem });
    }),
  events: z
    .array(z.string().trim().min(1))
    .min(1, 'Give at least one event with --events, e.g. "secret.*", or leave --events out for every event.')
    .default(["*"])
    .superRefine((patterns, issue) => {
      const unknown = patterns.filter((p) => !isKnownPattern(p));
      if (unknown.length > 0) {
        issue.addIssue({
          code: "custom",
          message: `No event is called ${unknown.map((p) => `"${p}"`).join(", ")}. Use * or one of: ${families}, or an exact type such as secret.created.`,
        });
      }
    }),
});
export type AddWebhookInput = z.input<typeof AddWebhookInput>;

export type WebhookView = {
  id: number;
  url: string;
  events: string[];
  addedBy: string;
  createdAt: Date;
  failingSince: Date | null;
  lastError: string | null;
};

/** The URL as the audit log shows it: no query string or credentials, which may carry a token. */
const shownUrl = (raw: string): string => {
  const url = new URL(raw);
  return `${url.origin}${url.pathname}`;
};

/** Adds a subscription; returns it with its signing secret, which is never shown again. */
export async function addWebhook(
  ctx: Ctx,
  raw: AddWebhookInput,
  pepper: Buffer,
): Promise<WebhookView & { secret: string }> {
  await requireAdministrator(ctx, "add webhooks");
  const parsed = AddWebhookInput.safeParse(raw);
  if (!parsed.success)
    throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? "That webhook is not valid.");
  const input = parsed.data;
  const secret = newSigningSecret();
  const { webhooks } = ctx.db.t;
  const row = await ctx.db.transaction(async (tx) => {
    const [hook] = await tx
      .insert(webhooks)
      .values({
        url: input.url,
        events: input.events,
        secretSealed: sealSigningSecret(pepper, secret),
        addedBy: ctx.actor.name,
        createdAt: ctx.clock.now(),
      })
      .returning();
    if (!hook) throw new Error("the webhook row was not written");
    await writeAudit(tx, ctx, {
      action: "webhook.added",
      target: shownUrl(hook.url),
      detail: { webhook: hook.id, events: input.events },
    });
    return hook;
  });
  return { ...view(row), secret };
}

export async function listWebhooks(ctx: Ctx): Promise<WebhookView[]> {
  await requireAdministrator(ctx, "list webhooks");
  const { webhooks } = ctx.db.t;
  return (await ctx.db.select().from(webhooks).orderBy(asc(webhooks.id))).map(view);
}

/** Removes a subscription and its undelivered messages. */
export async function removeWebhook(ctx: Ctx, id: number): Promise<WebhookView> {
  await requireAdministrator(ctx, "remove webhooks");
  const { webhooks } = ctx.db.t;
  const removed = await ctx.db.transaction(async (tx) => {
    const [hook] = await tx.delete(webhooks).where(eq(webhooks.id, id)).returning();
    if (!hook) return undefined;
    await writeAudit(tx, ctx, { action: "webhook.removed", target: shownUrl(hook.url), detail: { webhook: hook.id } });
    return hook;
  });
  if (!removed) throw new AppError("NOT_FOUND", `There is no webhook ${id}. See steward webhook list.`);
  return view(removed);
}

const view = (row: WebhookView & Record<string, unknown>): WebhookView => ({
  id: row.id,
  url: row.url,
  events: row.events,
  addedBy: row.addedBy,
  createdAt: row.createdAt,
  failingSince: row.failingSince,
  lastError: row.lastError,
});
