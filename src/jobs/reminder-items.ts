/** Loads what a reminder message shows for a set of secrets (never a value: hints and names only). */
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { providerLabels } from "../messages/provider.js";
import type { ReminderItem } from "../messages/reminders.js";
import type { RotationDeps } from "../verbs/rotations.js";
import { reminderEvidence } from "./reminder-evidence.js";

export type LoadedItem = ReminderItem & { secretId: number; applicationId: number; organisationId: number };

/** With `evidence`, each item also says what is known of the secret's use and its rotation at that moment. */
export async function loadReminderItems(
  db: Db,
  secretIds: number[],
  evidence?: RotationDeps & { now: Date },
): Promise<Map<number, LoadedItem>> {
  if (secretIds.length === 0) return new Map();
  const used = evidence ? await reminderEvidence(evidence, secretIds, evidence.now) : new Map();
  const { applications, clientSecrets } = db.t;
  const rows = await db
    .select({
      id: clientSecrets.id,
      applicationId: clientSecrets.applicationId,
      organisationId: applications.organisationId,
      hint: clientSecrets.hint,
      keyId: clientSecrets.keyId,
      displayName: clientSecrets.displayName,
      expiresAt: clientSecrets.expiresAt,
      createdAt: clientSecrets.createdAt,
      applicationName: applications.name,
      clientId: applications.clientId,
      provider: applications.provider,
      kind: clientSecrets.kind,
      deactivatedAt: clientSecrets.deactivatedAt,
      deactivatedBy: clientSecrets.deactivatedBy,
    })
    .from(clientSecrets)
    .innerJoin(applications, eq(applications.id, clientSecrets.applicationId))
    .where(inArray(clientSecrets.id, secretIds));
  // A newer credential of the same kind and application that outlives this one: the rotation is under way.
  const siblings = await db
    .select({
      id: clientSecrets.id,
      applicationId: clientSecrets.applicationId,
      expiresAt: clientSecrets.expiresAt,
      createdAt: clientSecrets.createdAt,
      kind: clientSecrets.kind,
      deactivatedAt: clientSecrets.deactivatedAt,
    })
    .from(clientSecrets)
    .where(inArray(clientSecrets.applicationId, [...new Set(rows.map((r) => r.applicationId))]));
  const hasSuccessor = (r: (typeof rows)[number]) =>
    siblings.some(
      (n) =>
        n.applicationId === r.applicationId &&
        n.kind === r.kind &&
        n.id !== r.id &&
        n.deactivatedAt === null &&
        n.expiresAt > r.expiresAt &&
        n.createdAt >= r.createdAt,
    );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        secretId: r.id,
        applicationId: r.applicationId,
        organisationId: r.organisationId,
        applicationName: r.applicationName,
        clientId: r.clientId,
        hint: r.hint,
        keyId: r.keyId,
        displayName: r.displayName,
        expiresAt: r.expiresAt,
        kind: r.kind,
        providerLabel: providerLabels[r.provider],
        deactivatedAt: r.deactivatedBy === "bot" ? r.deactivatedAt : null,
        hasSuccessor: hasSuccessor(r),
        ...(used.has(r.id) ? { evidence: used.get(r.id) } : {}),
      },
    ]),
  );
}
