/**
 * Evidence of use the provider reports (Entra's sign-in activity): each credential's last use, written
 * onto its row — the later of what is known and what is reported, and the first use once, when none
 * was known — with the moment it was read. When the report cannot be read (no permission, throttled,
 * down), the application's usage becomes unknown: nothing is retired on old evidence.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context.js";
import type { ApplicationRow } from "../policy.js";
import { UsageUnreadable } from "../ports/secret-provider.js";

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
    if (error instanceof UsageUnreadable) return { state: "unreadable", permission: error.permission };
    ctx.log.warn(
      { err: error, application: app.clientId },
      "could not read the provider's usage report; usage unknown",
    );
    return { state: "failed" };
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(s).set({ usageReportedAt: now }).where(ofApp);
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
