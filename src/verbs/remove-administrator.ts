import { eq } from "drizzle-orm";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { parseEmail } from "../people.js";
import { requireAdministrator } from "../policy.js";

export type RemovalOutcome = "removed" | "not-an-administrator";

/**
 * Ends a person's administrator role added with `steward admin add`, with an audit entry. One listed in
 * ADMIN_EMAILS is refused: the configuration says so, and only changing it ends that.
 */
export async function removeAdministrator(ctx: Ctx, input: { email: string }): Promise<RemovalOutcome> {
  await requireAdministrator(ctx, "remove administrators");
  const email = parseEmail(input.email);
  if (ctx.config.adminEmails.includes(email))
    throw new AppError("CONFLICT", errors.administratorInConfiguration(email));
  const { administrators, people } = ctx.db.t;
  return ctx.db.transaction(async (tx) => {
    const [person] = await tx.select({ id: people.id }).from(people).where(eq(people.email, email));
    if (!person) return "not-an-administrator";
    const [removed] = await tx
      .delete(administrators)
      .where(eq(administrators.personId, person.id))
      .returning({ personId: administrators.personId });
    if (!removed) return "not-an-administrator";
    await writeAudit(tx, ctx, { action: "administrator.removed", target: email, detail: {} });
    return "removed";
  });
}
