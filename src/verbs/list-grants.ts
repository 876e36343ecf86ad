import { and, asc, eq, or } from "drizzle-orm";
import { isActiveGrant } from "../active-grants.js";
import type { Ctx } from "../context.js";
import { requireAdministrator } from "../policy.js";
import { type GrantTargetRef, resolveGrantTarget } from "./resolve-grant-target.js";

export type GrantListing = {
  email: string;
  role: "manager" | "viewer";
  on: "application" | "organisation";
  target: string;
  /** When it ends by itself; null: until revoked. */
  endsAt: Date | null;
  grantedBy: string;
  createdAt: Date;
};

/**
 * Every grant in force, with its end when it has one; for one application (its own grants and its
 * organisation's) or one organisation. Administrators only.
 */
export async function listGrants(ctx: Ctx, input: { target?: GrantTargetRef }): Promise<GrantListing[]> {
  await requireAdministrator(ctx, "list grants");
  const { accessGrants, applications, organisations, people } = ctx.db.t;
  const target = input.target ? await resolveGrantTarget(ctx.db, input.target, ctx.actor.surface) : undefined;
  const scope =
    target?.kind === "application"
      ? or(eq(accessGrants.applicationId, target.app.id), eq(accessGrants.organisationId, target.app.organisationId))
      : target?.kind === "organisation"
        ? or(eq(accessGrants.organisationId, target.org.id), eq(applications.organisationId, target.org.id))
        : undefined;
  const rows = await ctx.db
    .select({
      email: people.email,
      role: accessGrants.role,
      applicationName: applications.name,
      organisationName: organisations.name,
      endsAt: accessGrants.endsAt,
      grantedBy: accessGrants.grantedBy,
      createdAt: accessGrants.createdAt,
    })
    .from(accessGrants)
    .innerJoin(people, eq(people.id, accessGrants.personId))
    .leftJoin(applications, eq(applications.id, accessGrants.applicationId))
    .leftJoin(organisations, eq(organisations.id, accessGrants.organisationId))
    .where(and(isActiveGrant(accessGrants, ctx.clock.now()), scope))
    .orderBy(asc(people.email));
  return rows.map((r) => ({
    email: r.email,
    role: r.role,
    on: r.applicationName !== null ? "application" : "organisation",
    target: r.applicationName ?? r.organisationName ?? "",
    endsAt: r.endsAt,
    grantedBy: r.grantedBy,
    createdAt: r.createdAt,
  }));
}
