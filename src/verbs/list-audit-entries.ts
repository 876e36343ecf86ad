import { and, desc, eq, gte, isNull, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Schema } from "../../db/database.js";
import type { Ctx } from "../context.js";
import { reference } from "../names.js";
import { authoriseApplication, authoriseWholeAudit } from "../policy.js";

export const ListAuditInput = z.object({
  application: reference("application (its name or clientId)").optional(),
  since: z.date().optional(),
  limit: z
    .number()
    .int({ error: "The limit is a whole number from 1 to 10000." })
    .min(1, { error: "The limit is a whole number from 1 to 10000." })
    .max(10_000, { error: "The limit is a whole number from 1 to 10000." })
    .default(20),
});
export type ListAuditInput = z.input<typeof ListAuditInput>;

export type AuditEntry = Schema["auditEntries"]["$inferSelect"];

/**
 * Recent audit entries, newest first. Administrators see everything; a credential manager sees the
 * entries of an application they manage and of its organisation as a whole.
 */
export async function listAuditEntries(ctx: Ctx, raw: ListAuditInput): Promise<AuditEntry[]> {
  const input = ListAuditInput.parse(raw);
  const { auditEntries } = ctx.db.t;
  let scope: SQL | undefined;
  if (input.application) {
    const { app } = await authoriseApplication(ctx, input.application, "audit");
    // The application's own entries plus its organisation's (organisation grants, contacts, alert channels).
    scope = or(
      eq(auditEntries.applicationId, app.id),
      and(isNull(auditEntries.applicationId), eq(auditEntries.organisationId, app.organisationId)),
    );
  } else {
    await authoriseWholeAudit(ctx);
  }
  return ctx.db
    .select()
    .from(auditEntries)
    .where(and(scope, input.since ? gte(auditEntries.at, input.since) : undefined))
    .orderBy(desc(auditEntries.at), desc(auditEntries.id))
    .limit(input.limit);
}
