/**
 * What the evidence of use says about the secrets of due reminders, read for those few only (never in
 * the planning scan): each one's use, and — when it is an older secret of its application's rotation —
 * where that rotation stands. The pass shapes its reminders with it (`withEvidence`), and delivery words
 * them with it (reminder-items.ts).
 */
import { eq } from "drizzle-orm";
import { inIds } from "../../db/id-list.js";
import type { RetireChoice } from "../../db/vocabulary.js";
import type { RotationState } from "../rotation.js";
import { type SecretUse, secretUse } from "../usage.js";
import { type RotationDeps, rotationsOf } from "../verbs/rotations.js";
import type { DueReminder } from "./find-due-reminders.js";

export type ReminderEvidence = {
  use: SecretUse;
  lastUsedAt: Date | null;
  lastUsedFrom: string | null;
  /** Its application's rotation, when this secret is one of the older secrets it follows. */
  rotation: {
    state: RotationState;
    retire: RetireChoice;
    newer: { hint: string; firstUsedAt: Date | null };
  } | null;
};

/** The evidence for these secrets at `now`: one query for the secrets, two for their applications' rotations. */
export async function reminderEvidence(
  deps: RotationDeps,
  secretIds: number[],
  now: Date,
): Promise<Map<number, ReminderEvidence>> {
  if (secretIds.length === 0) return new Map();
  const { applications, clientSecrets: s } = deps.db.t;
  const rows = await deps.db
    .select({
      id: s.id,
      firstUsedAt: s.firstUsedAt,
      lastUsedAt: s.lastUsedAt,
      lastUsedFrom: s.lastUsedFrom,
      usageReportedAt: s.usageReportedAt,
      app: {
        id: applications.id,
        name: applications.name,
        clientId: applications.clientId,
        organisationId: applications.organisationId,
        provider: applications.provider,
      },
    })
    .from(s)
    .innerJoin(applications, eq(applications.id, s.applicationId))
    .where(inIds(deps.db, s.id, secretIds));
  const apps = [...new Map(rows.map((r) => [r.app.id, r.app])).values()];
  const rotations = await rotationsOf(deps, apps, now);
  const idleHours = deps.config.rotationIdleHours;
  return new Map(
    rows.map((r) => {
      const rotation = rotations.find((x) => x.olders.some((o) => o.id === r.id));
      const evidence: ReminderEvidence = {
        use: secretUse(deps.provider.capabilities, r, now, idleHours),
        lastUsedAt: r.lastUsedAt,
        lastUsedFrom: r.lastUsedFrom,
        rotation: rotation
          ? {
              state: rotation.state,
              retire: rotation.retire,
              newer: {
                hint: rotation.newer.hint,
                firstUsedAt: rotation.newer.firstUsedAt ?? rotation.newer.lastUsedAt,
              },
            }
          : null,
      };
      return [r.id, evidence];
    }),
  );
}

/** An older secret nothing has used since the newer one took over. */
export const isIdleOlder = (e: ReminderEvidence | undefined): boolean => e?.rotation?.state === "idle";

/**
 * The due reminders as the evidence shapes them: an idle older secret the bot retires itself (`auto`)
 * gets none (it is planned again next pass, so a use in between brings it back); one the managers are
 * asked to delete (`ask`) goes to people by e-mail only — nothing stops when it expires, so alert
 * channels are spared. Every other reminder, a secret still in use above all, goes to everyone planned:
 * managers, contacts and the alert channels.
 */
export async function withEvidence(deps: RotationDeps, batch: DueReminder[], now: Date): Promise<DueReminder[]> {
  const evidence = await reminderEvidence(
    deps,
    batch.map((d) => d.secretId),
    now,
  );
  return batch.flatMap((due) => {
    const e = evidence.get(due.secretId);
    if (!isIdleOlder(e)) return [due];
    if (e?.rotation?.retire === "auto") return [];
    return [{ ...due, recipients: due.recipients.filter((r) => r.channel === "email") }];
  });
}
