import { asc, eq, inArray, or } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { type Access, type ApplicationRow, accessFrom, grantsOf, seesEveryApplication } from "../policy.js";

export type VisibleApplication = ApplicationRow & { organisationName: string; access: Access };

/**
 * Every application the actor may see, with their strongest access to each: granted directly, through
 * their organisation, or as administrator.
 */
export async function visibleApplications(ctx: Ctx): Promise<VisibleApplication[]> {
  const { applications, organisations } = ctx.db.t;
  const grants = await grantsOf(ctx);
  const appIds = grants.flatMap((g) => (g.applicationId === null ? [] : [g.applicationId]));
  const orgIds = grants.flatMap((g) => (g.organisationId === null ? [] : [g.organisationId]));
  const seesAll = seesEveryApplication(ctx);
  if (!seesAll && grants.length === 0) return [];

  const rows = await ctx.db
    .select({ app: applications, organisationName: organisations.name })
    .from(applications)
    .innerJoin(organisations, eq(organisations.id, applications.organisationId))
    .where(seesAll ? undefined : or(inArray(applications.id, appIds), inArray(applications.organisationId, orgIds)))
    .orderBy(asc(organisations.name), asc(applications.name));

  return rows.flatMap(({ app, organisationName }) => {
    const access = accessFrom(grants, app, seesAll);
    return access ? [{ ...app, organisationName, access }] : [];
  });
}
