/**
 * Audit entries are written inside the same transaction as the change they record. Details never
 * contain a secret value: only hints, key ids, names and dates.
 */

import type { Db } from "../db/client.js";
import { auditEntries } from "../db/schema.js";
import type { Ctx } from "./context.js";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export const auditActions = [
  "secret.created",
  "secret.deleted",
  "secret.deletion_requested",
  "grant.added",
  "grant.changed",
  "grant.revoked",
  "organisation.added",
  "application.added",
  "application.imported",
  "secret.external_added",
  "secret.external_removed",
  "administrator.added",
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

/** Records one audit entry for the acting person at the verb's `now`. */
export function writeAudit(tx: DbOrTx, ctx: Ctx, input: AuditInput): void {
  tx.insert(auditEntries)
    .values({
      at: ctx.clock.now(),
      actor: ctx.actor.email,
      surface: ctx.actor.surface,
      action: input.action,
      organisationId: input.organisationId ?? null,
      applicationId: input.applicationId ?? null,
      target: input.target,
      detail: input.detail ?? {},
    })
    .run();
}
