import { asc, inArray } from "drizzle-orm";
import { z } from "zod";
import type { CredentialKind, RetireChoice } from "../../db/vocabulary.js";
import { Calendar } from "../calendar.js";
import type { Ctx } from "../context.js";
import type { RotationState } from "../rotation.js";
import { type SecretUse, secretUse } from "../usage.js";
import { rotationsOf } from "./rotations.js";
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
  /** A secret, or a certificate (which the bot only watches: a new one is uploaded at the provider). */
  kind: CredentialKind;
  /** A newer credential of the same kind and application outlives this one: the rotation is under way. */
  hasSuccessor: boolean;
  /** What is known of its use now: in use, unused since …, or unknown. */
  use: SecretUse;
  /** Its application's rotation, when it is one of the older secrets that rotation follows. */
  rotation?: { state: RotationState; retire: RetireChoice; newerHint: string };
};

/**
 * Secrets and certificates of the actor's applications that expire within `days` calendar days (through
 * the end of the last one, in REMINDER_TIMEZONE: `expiring 1` includes tomorrow); already expired ones
 * are listed first. Secrets deactivated in the provider's console are left out.
 */
export async function listExpiringSecrets(ctx: Ctx, raw: ListExpiringInput): Promise<ExpiringSecret[]> {
  const { days } = ListExpiringInput.parse(raw);
  const apps = await visibleApplications(ctx);
  if (apps.length === 0) return [];
  const until = Calendar.of(ctx).endOfDayIn(days);
  const byId = new Map(apps.map((a) => [a.id, a]));
  const { clientSecrets } = ctx.db.t;
  const listed = await ctx.db
    .select()
    .from(clientSecrets)
    .where(inArray(clientSecrets.applicationId, [...byId.keys()]))
    .orderBy(asc(clientSecrets.expiresAt));
  // One deactivated in the provider's console no longer works, whatever its expiry: nothing to rotate.
  const all = listed.filter((s) => s.deactivatedBy !== "provider");
  const latest = new Map<string, number>();
  const group = (s: { applicationId: number; kind: CredentialKind }) => `${s.applicationId} ${s.kind}`;
  for (const s of all) latest.set(group(s), Math.max(latest.get(group(s)) ?? 0, s.expiresAt.getTime()));
  const now = ctx.clock.now();
  const listedApps = apps.filter((a) => all.some((s) => s.applicationId === a.id && s.expiresAt <= until));
  const rotations = await rotationsOf(ctx, listedApps, now);
  return all.flatMap((s) => {
    const app = byId.get(s.applicationId);
    if (!app || s.expiresAt > until) return [];
    const hasSuccessor = (latest.get(group(s)) ?? 0) > s.expiresAt.getTime();
    const { keyId, hint, displayName, expiresAt, kind } = s;
    const use = secretUse(ctx.provider.capabilities, s, now, ctx.config.rotationIdleHours);
    const r = rotations.find((x) => x.olders.some((o) => o.id === s.id));
    const rotation = r ? { rotation: { state: r.state, retire: r.retire, newerHint: r.newer.hint } } : {};
    return [{ app, keyId, hint, displayName, expiresAt, kind, hasSuccessor, use, ...rotation }];
  });
}
