import { asc, count, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { requireAdministrator } from "../policy.js";

export type OrganisationSummary = { name: string; contacts: string[]; applications: number; createdAt: Date };

/** Every organisation, with its e-mail contacts and how many applications it has. Administrators only. */
export async function listOrganisations(ctx: Ctx): Promise<OrganisationSummary[]> {
  await requireAdministrator(ctx, "list organisations");
  const { applications, contacts, organisations } = ctx.db.t;
  const rows = await ctx.db
    .select({
      id: organisations.id,
      name: organisations.name,
      createdAt: organisations.createdAt,
      n: count(applications.id),
    })
    .from(organisations)
    .leftJoin(applications, eq(applications.organisationId, organisations.id))
    .groupBy(organisations.id, organisations.name, organisations.createdAt)
    .orderBy(asc(organisations.name));
  const emails = await ctx.db.select().from(contacts).orderBy(asc(contacts.email));
  return rows.map((r) => ({
    name: r.name,
    contacts: emails.filter((c) => c.organisationId === r.id).map((c) => c.email),
    applications: r.n,
    createdAt: r.createdAt,
  }));
}
