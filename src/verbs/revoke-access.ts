import { eq } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { reference } from "../names.js";
import { warnIfFewManagers } from "../notices/manager-count.js";
import { parseEmail } from "../people.js";
import { requireAdministrator } from "../policy.js";
import { grantWhere, targetColumns } from "./grant-access.js";
import { type GrantTarget, resolveGrantTarget } from "./resolve-grant-target.js";

export const RevokeAccessInput = z.object({
  email: z.string(),
  target: z.object({
    kind: z.enum(["application", "organisation", "either"]),
    ref: reference("application or organisation"),
  }),
});
export type RevokeAccessInput = z.infer<typeof RevokeAccessInput>;

/** Removes a person's grant on an application or organisation. Returns the target and whether a grant existed. */
export async function revokeAccess(
  ctx: Ctx,
  raw: RevokeAccessInput,
): Promise<{ email: string; target: GrantTarget; isRevoked: boolean }> {
  await requireAdministrator(ctx, "revoke access");
  const input = RevokeAccessInput.parse(raw);
  const email = parseEmail(input.email);
  const target = await resolveGrantTarget(ctx.db, input.target, ctx.actor.surface);
  const { accessGrants, people } = ctx.db.t;
  const [person] = await ctx.db.select().from(people).where(eq(people.email, email));
  if (!person) return { email, target, isRevoked: false };
  const removedRole = await ctx.db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(accessGrants)
      .where(grantWhere(ctx.db.t, person.id, target))
      .returning();
    if (!removed) return null;
    const cols = targetColumns(target);
    await writeAudit(tx, ctx, {
      action: "grant.revoked",
      target: target.name,
      organisationId: cols.orgOf,
      applicationId: cols.applicationId,
      detail: { email, role: removed.role, on: target.kind },
    });
    return removed.role;
  });
  if (removedRole === "manager") {
    const { applications } = ctx.db.t;
    const apps =
      target.kind === "application"
        ? [target.app.id]
        : (
            await ctx.db
              .select({ id: applications.id })
              .from(applications)
              .where(eq(applications.organisationId, target.org.id))
          ).map((a) => a.id);
    await warnIfFewManagers(ctx, apps, `${email}'s grant was revoked`);
  }
  return { email, target, isRevoked: removedRole !== null };
}
