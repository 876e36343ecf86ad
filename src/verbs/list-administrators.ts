import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { requireAdministrator } from "../policy.js";

/** An administrator, and why: listed in ADMIN_EMAILS (configuration) or added with `steward admin add`. */
export type AdministratorView = {
  email: string;
  source: "ADMIN_EMAILS" | "added";
  addedBy: string | null;
  addedAt: Date | null;
};

/** Every administrator, from the configuration and the database, by e-mail. Administrators only. */
export async function listAdministrators(ctx: Ctx): Promise<AdministratorView[]> {
  await requireAdministrator(ctx, "list administrators");
  const { administrators, people } = ctx.db.t;
  const added = await ctx.db
    .select({ email: people.email, addedBy: administrators.addedBy, addedAt: administrators.createdAt })
    .from(administrators)
    .innerJoin(people, eq(people.id, administrators.personId))
    .orderBy(asc(people.email));
  const listed = ctx.config.adminEmails.map((email) => ({
    email,
    source: "ADMIN_EMAILS" as const,
    addedBy: null,
    addedAt: null,
  }));
  const fromDatabase = added
    .filter((a) => !ctx.config.adminEmails.includes(a.email))
    .map((a) => ({ ...a, source: "added" as const }));
  return [...listed, ...fromDatabase].sort((a, b) => a.email.localeCompare(b.email));
}
