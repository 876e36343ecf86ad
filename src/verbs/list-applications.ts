import { and, asc, gt, inArray, isNull } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { type VisibleApplication, visibleApplications } from "./visible-applications.js";

export type ApplicationSummary = VisibleApplication & { activeSecrets: number; nearestExpiry: Date | null };

/**
 * The actor's applications with their count of unexpired (and not deactivated) secrets and the nearest
 * expiry of anything that stops their API connections (a certificate's too).
 */
export async function listApplications(ctx: Ctx): Promise<ApplicationSummary[]> {
  const apps = await visibleApplications(ctx);
  if (apps.length === 0) return [];
  const now = ctx.clock.now();
  const { clientSecrets } = ctx.db.t;
  const secrets = await ctx.db
    .select({
      applicationId: clientSecrets.applicationId,
      expiresAt: clientSecrets.expiresAt,
      kind: clientSecrets.kind,
    })
    .from(clientSecrets)
    .where(
      and(
        inArray(
          clientSecrets.applicationId,
          apps.map((a) => a.id),
        ),
        gt(clientSecrets.expiresAt, now),
        isNull(clientSecrets.deactivatedAt),
      ),
    )
    .orderBy(asc(clientSecrets.expiresAt));
  return apps.map((app) => {
    const mine = secrets.filter((s) => s.applicationId === app.id);
    const activeSecrets = mine.filter((s) => s.kind === "secret").length;
    return { ...app, activeSecrets, nearestExpiry: mine[0]?.expiresAt ?? null };
  });
}
