import { asc, inArray } from "drizzle-orm";
import { z } from "zod";
import { Calendar } from "../calendar.js";
import type { Ctx } from "../context.js";
import { type VisibleApplication, visibleApplications } from "./visible-applications.js";

export const ListExpiringInput = z.object({
  days: z
    .number()
    .int({ error: "Days are a whole number from 1 to 3650." })
    .min(1, { error: "Days are a whole number from 1 to 3650." })
    .max(3650, { error: "Days are a whole number from 1 to 3650." })
    .default(30),
});
export type ListExpiringInput = z.input<typeof ListExpiringInput>;

export type ExpiringSecret = {
  app: VisibleApplication;
  keyId: string;
  hint: string;
  displayName: string;
  expiresAt: Date;
  /** A newer secret of the same application outlives this one: the rotation is under way. */
  hasSuccessor: boolean;
};

/**
 * Secrets of the actor's applications that expire within `days` calendar days (through the end of the
 * last one, in REMINDER_TIMEZONE: `expiring 1` includes tomorrow); already expired ones are listed first.
 */
export async function listExpiringSecrets(ctx: Ctx, raw: ListExpiringInput): Promise<ExpiringSecret[]> {
  const { days } = ListExpiringInput.parse(raw);
  const apps = await visibleApplications(ctx);
  if (apps.length === 0) return [];
  const until = Calendar.of(ctx).endOfDayIn(days);
  const byId = new Map(apps.map((a) => [a.id, a]));
  const { clientSecrets } = ctx.db.t;
  const all = await ctx.db
    .select()
    .from(clientSecrets)
    .where(inArray(clientSecrets.applicationId, [...byId.keys()]))
    .orderBy(asc(clientSecrets.expiresAt));
  const latestByApp = new Map<number, number>();
  for (const s of all)
    latestByApp.set(s.applicationId, Math.max(latestByApp.get(s.applicationId) ?? 0, s.expiresAt.getTime()));
  return all.flatMap((s) => {
    const app = byId.get(s.applicationId);
    if (!app || s.expiresAt > until) return [];
    const hasSuccessor = (latestByApp.get(s.applicationId) ?? 0) > s.expiresAt.getTime();
    return [{ app, keyId: s.keyId, hint: s.hint, displayName: s.displayName, expiresAt: s.expiresAt, hasSuccessor }];
  });
}
