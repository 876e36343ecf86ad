/**
 * Audit entries are written inside the same transaction as the change they record. Details never
 * contain a secret value: only hints, key ids, names and dates.
 */
import type { Query } from "../db/database.js";
import type { Ctx } from "./context.js";

export const auditActions = [
  "secret.created",
  "secret.deleted",
  "secret.withdrawn",
  "secret.deletion_requested",
  "grant.added",
  "grant.changed",
  "grant.revoked",
  "grant.ended",
  "access.requested",
  "access.approved",
  "access.denied",
  "access.lapsed",
  "organisation.added",
  "application.added",
  "application.imported",
  "secret.external_added",
  "secret.external_removed",
  "secret.ended",
  "secret.expiry_changed",
  "secret.deactivated",
  "secret.external_deactivated",
  "secret.external_reactivated",
  "administrator.added",
  "administrator.removed",
  "contact.added",
  "alert_channel.added",
  "alert_channel.removed",
] as const;
export type AuditAction = (typeof auditActions)[number];

export type AuditInput = {
  action: AuditAction;
  target: string;
  organisationId?: number | null;
  applicationId?: number | null;
  detail?: Record<string, unknown>;
};

/** Records one audit entry for the acting person at the verb's `now`, in the caller's transaction `tx`. */
export async function writeAudit(tx: Query, ctx: Ctx, input: AuditInput): Promise<void> {
  await tx.insert(ctx.db.t.auditEntries).values({
    at: ctx.clock.now(),
    actor: ctx.actor.name,
    surface: ctx.actor.surface,
    action: input.action,
    organisationId: input.organisationId ?? null,
    applicationId: input.applicationId ?? null,
    target: input.target,
    detail: input.detail ?? {},
  });
}
