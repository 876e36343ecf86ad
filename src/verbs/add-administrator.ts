import { ensurePerson, requireAdmin } from "../access.js";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";

/** Makes a person an administrator (in addition to ADMIN_EMAILS). Returns false when they already were. */
export async function addAdministrator(ctx: Ctx, input: { email: string }): Promise<boolean> {
  await requireAdmin(ctx, "add administrators");
  return ctx.db.transaction(async (tx) => {
    const person = await ensurePerson(ctx.db, input.email);
    const [added] = await tx
      .insert(ctx.db.t.administrators)
      .values({ personId: person.id, addedBy: ctx.actor.email, createdAt: ctx.clock.now() })
      .onConflictDoNothing()
      .returning();
    if (added) await writeAudit(tx, ctx, { action: "administrator.added", target: person.email, detail: {} });
    return added !== undefined;
  });
}
