/**
 * Secrets nothing has used for UNUSED_NOTICE_DAYS and that no newer secret took over from: a live
 * credential nobody needs is attack surface, so the reminder pass tells the application's managers,
 * once per secret, that it may no longer be needed. Only where use is known (recorded by the bot, or
 * reported by the provider at its last read), and not for one about to expire (its reminders say it is
 * unused); the bot never deletes such a secret itself.
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Deps } from "../context.js";
import { DAY_MS } from "../messages/format.js";
import { type UnusedSecretFacts, unusedSecret } from "../messages/usage.js";
import { deliverOutbox } from "../outbox/deliver-outbox.js";
import { noticesTo, recordNoticesOnce } from "../outbox/notices.js";
import { managersOrAdministrators } from "../people.js";

export const UNUSED_NOTICE_DAYS = 90;
const BATCH = 500;

/** Tells the managers of each such secret (else the administrators), through the outbox; returns how many secrets. */
export async function noticeUnusedSecrets(deps: Deps): Promise<number> {
  const usage = deps.provider.capabilities.usage;
  if (usage === "none") return 0;
  const { applications, clientSecrets: s } = deps.db.t;
  const now = deps.clock.now();
  const before = new Date(now.getTime() - UNUSED_NOTICE_DAYS * DAY_MS);
  // One that expires within the reminder window hears from its reminders, which say it is unused.
  const pastReminders = new Date(now.getTime() + (Math.max(...deps.config.reminderDays) + 3) * DAY_MS);
  let told = 0;
  let afterId = 0;
  while (true) {
    const candidates = await deps.db
      .select({
        id: s.id,
        keyId: s.keyId,
        hint: s.hint,
        displayName: s.displayName,
        createdAt: s.createdAt,
        lastUsedAt: s.lastUsedAt,
        lastUsedFrom: s.lastUsedFrom,
        app: { id: applications.id, name: applications.name, organisationId: applications.organisationId },
      })
      .from(s)
      .innerJoin(applications, eq(applications.id, s.applicationId))
      .where(
        and(
          gt(s.id, afterId),
          eq(s.kind, "secret"),
          isNull(s.unusedNoticeAt),
          isNull(s.deactivatedAt),
          gt(s.expiresAt, pastReminders),
          or(lt(s.lastUsedAt, before), and(isNull(s.lastUsedAt), lt(s.createdAt, before))),
          usage === "reported" ? isNotNull(s.usageReportedAt) : undefined,
        ),
      )
      .orderBy(asc(s.id))
      .limit(BATCH);
    const last = candidates.at(-1);
    if (!last) return told;
    afterId = last.id;
    const newest = await newestSecrets(deps, [...new Set(candidates.map((c) => c.app.id))], now);
    for (const secret of candidates) {
      // A newer secret took over: the rotation (and its retire step) speaks of this one instead.
      if ((newest.get(secret.app.id) ?? 0) > secret.createdAt.getTime()) continue;
      if (await tellManagers(deps, secret, now)) told++;
    }
  }
}

/** The creation time of each application's newest unexpired, active secret. */
async function newestSecrets(deps: Deps, applicationIds: number[], now: Date): Promise<Map<number, number>> {
  const { clientSecrets: s } = deps.db.t;
  const rows = await deps.db
    .select({ applicationId: s.applicationId, createdAt: s.createdAt })
    .from(s)
    .where(
      and(
        inArray(s.applicationId, applicationIds),
        eq(s.kind, "secret"),
        isNull(s.deactivatedAt),
        gt(s.expiresAt, now),
      ),
    );
  const newest = new Map<number, number>();
  for (const r of rows) newest.set(r.applicationId, Math.max(newest.get(r.applicationId) ?? 0, r.createdAt.getTime()));
  return newest;
}

type UnusedSecret = UnusedSecretFacts & { id: number; app: { id: number; name: string; organisationId: number } };

/** Marks the secret as told and records the notices in one transaction, so it is told once, also across replicas. */
async function tellManagers(deps: Deps, secret: UnusedSecret, now: Date): Promise<boolean> {
  const { clientSecrets: s } = deps.db.t;
  const to = await managersOrAdministrators(deps, secret.app, now);
  const { subject, reply } = unusedSecret(secret, secret.app.name, UNUSED_NOTICE_DAYS);
  const claim = () =>
    deps.db
      .update(s)
      .set({ unusedNoticeAt: now })
      .where(and(eq(s.id, secret.id), isNull(s.unusedNoticeAt)))
      .returning({ id: s.id });
  const notices = () => noticesTo(to, `secret.unused:${secret.id}`, "secret.unused", { reply, subject });
  const ids = await recordNoticesOnce(deps, claim, notices, now);
  if (ids === null) return false;
  if (ids.length > 0) await deliverOutbox(deps, { only: ids });
  return true;
}
