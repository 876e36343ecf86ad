import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Schema } from "../../db/database.js";
import { roles } from "../../db/vocabulary.js";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { reference } from "../names.js";
import { ensurePerson, managersOf, parseEmail } from "../people.js";
import { requireAdministrator } from "../policy.js";
import { type GrantTarget, type GrantTargetRef, resolveGrantTarget } from "./resolve-grant-target.js";

export const GrantAccessInput = z.object({
  email: z.string(),
  target: z.object({
    kind: z.enum(["application", "organisation", "either"]),
    ref: reference("application or organisation"),
  }),
  role: z.enum(roles, { error: "The role is manager or viewer." }),
});
export type GrantAccessInput = z.infer<typeof GrantAccessInput>;

export type GrantOutcome = {
  email: string;
  target: GrantTarget;
  role: (typeof roles)[number];
  change: "added" | "changed" | "unchanged";
  /** Managers of the application after the change (for the "at least 2" advice); null for organisations. */
  managers: string[] | null;
};

export const targetColumns = (target: GrantTarget) =>
  target.kind === "application"
    ? { applicationId: target.app.id, organisationId: null, orgOf: target.app.organisationId }
    : { applicationId: null, organisationId: target.org.id, orgOf: target.org.id };

export const grantWhere = ({ accessGrants }: Schema, personId: number, target: GrantTarget) =>
  and(
    eq(accessGrants.personId, personId),
    target.kind === "application"
      ? eq(accessGrants.applicationId, target.app.id)
      : eq(accessGrants.organisationId, target.org.id),
  );

/** Gives a person (by e-mail) a role on an application or organisation, or changes it. Administrators only. */
export async function grantAccess(ctx: Ctx, raw: GrantAccessInput): Promise<GrantOutcome> {
  await requireAdministrator(ctx, "grant access");
  const input = GrantAccessInput.parse(raw);
  const email = parseEmail(input.email);
  const target = await resolveGrantTarget(ctx.db, input.target as GrantTargetRef, ctx.actor.surface);
  const cols = targetColumns(target);
  const { accessGrants } = ctx.db.t;
  const change = await ctx.db.transaction(async (tx) => {
    const person = await ensurePerson(ctx.db, email);
    const [existing] = await tx
      .select()
      .from(accessGrants)
      .where(grantWhere(ctx.db.t, person.id, target));
    if (existing?.role === input.role) return "unchanged" as const;
    if (existing) await tx.update(accessGrants).set({ role: input.role }).where(eq(accessGrants.id, existing.id));
    else {
      await tx.insert(accessGrants).values({
        personId: person.id,
        applicationId: cols.applicationId,
        organisationId: cols.organisationId,
        role: input.role,
        grantedBy: ctx.actor.name,
        createdAt: ctx.clock.now(),
      });
    }
    await writeAudit(tx, ctx, {
      action: existing ? "grant.changed" : "grant.added",
      target: target.name,
      organisationId: cols.orgOf,
      applicationId: cols.applicationId,
      detail: { email, role: input.role, ...(existing ? { previousRole: existing.role } : {}), on: target.kind },
    });
    return existing ? ("changed" as const) : ("added" as const);
  });
  const managers = target.kind === "application" ? await managersOf(ctx.db, target.app) : null;
  return { email, target, role: input.role, change, managers };
}
