import { asc, eq, inArray, or } from "drizzle-orm";
import type { Access, ApplicationRow } from "../access.js";
import type { Ctx } from "../context.js";

export type VisibleApplication = ApplicationRow & { organisationName: string; access: Access };

/**
 * Every application the actor may see, with their strongest access to each: granted directly, through
 * their organisation, or as administrator.
 */
export async function visibleApplications(ctx: Ctx): Promise<VisibleApplication[]> {
  const { accessGrants, applications, organisations } = ctx.db.t;
  const grants =
    ctx.actor.personId === null
      ? []
      : await ctx.db.select().from(accessGrants).where(eq(accessGrants.personId, ctx.actor.personId));
  const appIds = grants.flatMap((g) => (g.applicationId === null ? [] : [g.applicationId]));
  const orgIds = grants.flatMap((g) => (g.organisationId === null ? [] : [g.organisationId]));
  if (!ctx.actor.isAdmin && grants.length === 0) return [];

  const rows = await ctx.db
    .select({ app: applications, organisationName: organisations.name })
    .from(applications)
    .innerJoin(organisations, eq(organisations.id, applications.organisationId))
    .where(
      ctx.actor.isAdmin
        ? undefined
        : or(inArray(applications.id, appIds), inArray(applications.organisationId, orgIds)),
    )
    .orderBy(asc(organisations.name), asc(applications.name));

  return rows.map(({ app, organisationName }) => {
    const matching = grants.filter((g) => g.applicationId === app.id || g.organisationId === app.organisationId);
    const access: Access = matching.some((g) => g.role === "manager")
      ? "manager"
      : matching.length > 0
        ? "viewer"
        : "administrator";
    return { ...app, organisationName, access };
  });
}
