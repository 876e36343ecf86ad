/**
 * Audit entries are written inside the same transaction as the change they record. Details never
 * contain a secret value: only hints, key ids, names and dates. Each entry is also an event of the same
 * name for the webhooks that ask for it, recorded in the same transaction (src/webhooks/events.ts).
 */
import type { Query } from "../db/database.js";
import type { AuditAction } from "./audit-actions.js";
import type { Ctx } from "./context.js";
import { namesOf, recordEvent } from "./webhooks/events.js";

export { type AuditAction, auditActions } from "./audit-actions.js";

export type AuditInput = {
  action: AuditAction;
  target: string;
  organisationId?: number | null;
  applicationId?: number | null;
  detail?: Record<string, unknown>;
};

/** Records one audit entry for the acting person at the verb's `now`, in the caller's transaction `tx`. */
export async function writeAudit(tx: Query, ctx: Ctx, input: AuditInput): Promise<void> {
  const entry = {
    at: ctx.clock.now(),
    actor: ctx.actor.name,
    surface: ctx.actor.surface,
    action: input.action,
    organisationId: input.organisationId ?? null,
    applicationId: input.applicationId ?? null,
    target: input.target,
    detail: input.detail ?? {},
  };
  await tx.insert(ctx.db.t.auditEntries).values(entry);
  const { actor, surface, target, detail } = entry;
  await recordEvent(tx, ctx.db, {
    type: entry.action,
    at: entry.at,
    data: async () => ({ actor, surface, target, ...(await namesOf(tx, ctx.db, entry)), detail }),
  });
}
