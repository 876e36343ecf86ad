/**
 * Evidence of use the provider reports (Entra's sign-in activity): each credential's last use, written
 * onto its row — the later of what is known and what is reported, and the first use once, when none
 * was known — with the moment it was read. When the report cannot be read (no permission, throttled,
 * down), the application's usage becomes unknown: nothing is retired on old evidence.
 */
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Ctx, Deps } from "../context.js";
import { usageUnreadable } from "../messages/usage.js";
import { deliverNow, noticesTo, recordNoticesOnce } from "../outbox/notices.js";
import { type ApplicationRow, administratorEmails } from "../people.js";
import { UsageUnreadable } from "../ports/secret-provider.js";
import { reply } from "../reply.js";

export type UsageReading =
  | { state: "read" | "failed" | "not-reported" }
  /** The bot may not read the report; `permission` names what it needs. */
  | { state: "unreadable"; permission: string };

export async function followReportedUsage(ctx: Ctx, app: ApplicationRow): Promise<UsageReading> {
  const provider = ctx.provider;
  if (provider.capabilities.usage !== "reported" || !provider.readUsage) return { state: "not-reported" };
  const { clientSecrets: s } = ctx.db.t;
  const ofApp = eq(s.applicationId, app.id);
  let lastUse: Map<string, Date>;
  try {
    lastUse = await provider.readUsage(app);
  } catch (error) {
    await ctx.db.transaction((tx) => tx.update(s).set({ usageReportedAt: null }).where(ofApp));
    if (error instanceof UsageUnreadable) {
      await tellUnreadable(ctx, error.permission);
      return { state: "unreadable", permission: error.permission };
    }
    ctx.log.warn(
      { err: error, application: app.clientId },
      "could not read the provider's usage report; usage unknown",
    );
    return { state: "failed" };
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(s).set({ usageReportedAt: now }).where(ofApp);
    // It works (again): a later refusal is a new spell, told again.
    const { providerStates: p } = ctx.db.t;
    await tx
      .update(p)
      .set({ usageUnreadableSince: null })
      .where(and(eq(p.provider, provider.name), isNotNull(p.usageUnreadableSince)));
    for (const [keyId, at] of lastUse) {
      const used = sql.param(at, s.lastUsedAt);
      await tx
        .update(s)
        .set({
          firstUsedAt: sql`coalesce(${s.firstUsedAt}, ${sql.param(at, s.firstUsedAt)})`,
          lastUsedAt: sql`case when ${s.lastUsedAt} is null or ${s.lastUsedAt} < ${used} then ${used} else ${s.lastUsedAt} end`,
        })
        .where(and(ofApp, eq(s.keyId, keyId)));
    }
  });
  return { state: "read" };
}

/**
 * Tells the administrators, through the outbox, that the provider refuses its usage report and which
 * permission it needs — once per spell: the first refusal after a read worked (or ever) marks the
 * provider in the same transaction as the notices, so of two replicas refused at once only one tells.
 */
async function tellUnreadable(deps: Deps, permission: string): Promise<void> {
  const { providerStates: p } = deps.db.t;
  const { name, label } = deps.provider;
  const now = deps.clock.now();
  const claim = () =>
    deps.db
      .insert(p)
      .values({ provider: name, usageUnreadableSince: now })
      .onConflictDoUpdate({
        target: p.provider,
        set: { usageUnreadableSince: now },
        setWhere: isNull(p.usageUnreadableSince),
      })
      .returning({ provider: p.provider });
  const notices = async () => {
    deps.log.warn({ provider: name, permission }, "the provider refuses its usage report; administrators are told");
    const { subject, text } = usageUnreadable(label, permission);
    const key = `usage.unreadable:${name}:${now.getTime()}`;
    return noticesTo(await administratorEmails(deps), key, "usage.unreadable", {
      reply: reply("warning", text),
      subject,
    });
  };
  const ids = (await recordNoticesOnce(deps, claim, notices, now)) ?? [];
  await deliverNow(deps, ids);
}
