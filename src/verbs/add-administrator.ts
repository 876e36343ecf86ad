import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { ensurePerson } from "../people.js";
import { requireAdministrator } from "../policy.js";

/** Makes a person an administrator (in addition to ADMIN_EMAILS). Returns false when they already were. */
export async function addAdministrator(ctx: Ctx, input: { email: string }): Promise<boolean> {
  await requireAdministrator(ctx, "add administrators");
  return ctx.db.transaction(async (tx) => {
    const person = await ensurePerson(ctx.db, input.email);
    const [added] = await tx
      .insert(ctx.db.t.administrators)
      .values({ personId: person.id, addedBy: ctx.actor.name, createdAt: ctx.clock.now() })
      .onConflictDoNothing()
      .returning();
    if (added) await writeAudit(tx, ctx, { action: "administrator.added", target: person.email, detail: {} });
    return added !== undefined;
  });
}
