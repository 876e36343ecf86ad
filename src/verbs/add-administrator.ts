import { administrators } from "../../db/schema.js";
import { ensurePerson, requireAdmin } from "../access.js";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";

/** Makes a person an administrator (in addition to ADMIN_EMAILS). Returns false when they already were. */
export function addAdministrator(ctx: Ctx, input: { email: string }): boolean {
  requireAdmin(ctx, "add administrators");
  return ctx.db.transaction((tx) => {
    const person = ensurePerson(ctx.db, input.email);
    const added = tx
      .insert(administrators)
      .values({ personId: person.id, addedBy: ctx.actor.email, createdAt: ctx.clock.now() })
      .onConflictDoNothing()
      .returning()
      .get();
    if (added) writeAudit(tx, ctx, { action: "administrator.added", target: person.email, detail: {} });
    return added !== undefined;
  });
}
