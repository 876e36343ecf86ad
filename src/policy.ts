/**
 * Who may do what: the one place that answers "may this actor do this to this target". Every verb
 * asks here first, help asks here which commands to list, and nothing about access is ever taken from
 * a button payload. A grant on an organisation covers all its applications, present and future.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Schema } from "../db/database.js";
import type { Role } from "../db/vocabulary.js";
import { isActiveGrant } from "./active-grants.js";
import type { Ctx, PersonActor } from "./context.js";
import { AppError } from "./errors.js";
import { errors } from "./messages/errors.js";
import { type ApplicationRow, administratorEmails, managersOf } from "./people.js";
import { lookupApplication } from "./verbs/find-application.js";
import { findOrganisation, type OrganisationRow } from "./verbs/find-organisation.js";

export type Access = Role | "administrator";
export type GrantRow = Schema["accessGrants"]["$inferSelect"];
export type { ApplicationRow };

/** The actor's grants; the operator and the system hold none. */
export async function grantsOf(ctx: Ctx): Promise<GrantRow[]> {
  if (ctx.actor.kind !== "person") return [];
  const { accessGrants } = ctx.db.t;
  return ctx.db
    .select()
    .from(accessGrants)
    .where(and(eq(accessGrants.personId, ctx.actor.personId), isActiveGrant(accessGrants, ctx.clock.now())));
}

/** A role includes another: a manager may do whatever a viewer may. */
export const covers = (held: Role, wanted: Role): boolean => held === wanted || held === "manager";

/** The stronger of two roles. */
export const strongerRole = (a: Role, b: Role): Role => (covers(a, b) ? a : b);

/** The strongest access these grants (and being an administrator) give to an application, or null. */
export function accessFrom(
  grants: readonly Pick<GrantRow, "role" | "applicationId" | "organisationId">[],
  app: Pick<ApplicationRow, "id" | "organisationId">,
  isAdmin: boolean,
): Access | null {
  const matching = grants.filter((g) => g.applicationId === app.id || g.organisationId === app.organisationId);
  if (matching.some((g) => g.role === "manager")) return "manager";
  if (matching.length > 0) return "viewer";
  return isAdmin ? "administrator" : null;
}

/** The actor's strongest access to an application, or null when they may not even know it exists. */
async function accessTo(ctx: Ctx, app: Pick<ApplicationRow, "id" | "organisationId">): Promise<Access | null> {
  return accessFrom(await grantsOf(ctx), app, ctx.actor.isAdmin);
}

/** What the actor wants with an application: see it, change its secrets, or read its audit entries. */
export type ApplicationNeed = "view" | "manage" | "audit";

/**
 * Resolves an application (name or clientId) the actor may use for `need`. An application the actor
 * holds no grant for gets exactly the same answer as one that does not exist.
 */
export async function authoriseApplication(
  ctx: Ctx,
  ref: string,
  need: ApplicationNeed,
): Promise<{ app: ApplicationRow; access: Access }> {
  const app = await lookupApplication(ctx.db, ref);
  const access = app ? await accessTo(ctx, app) : null;
  if (!app || access === null) {
    const admins = await administratorEmails(ctx);
    throw new AppError("NOT_FOUND", errors.applicationNotFound(ref, admins, ctx.actor.surface, ctx.actor.isAdmin));
  }
  if (need === "manage" && !canManage(access)) {
    throw new AppError(
      "FORBIDDEN",
      errors.notAManager(app.name, access, await managersOf(ctx.db, app, ctx.clock.now()), ctx.actor.surface),
    );
  }
  // A viewer grant does not hide what being an administrator allows.
  if (need === "audit" && access === "viewer" && !ctx.actor.isAdmin)
    throw new AppError("FORBIDDEN", errors.auditNotAllowed(app.name));
  return { app, access };
}

/** Administrators see every application (its details and secrets' metadata), with or without a grant. */
export const seesEveryApplication = (ctx: Ctx): boolean => ctx.actor.isAdmin;

/** May this access change the application's secrets (create, rotate, delete)? */
export const canManage = (access: Access): boolean => access === "manager";

/** Raises FORBIDDEN unless the actor may read the whole audit log (administrators); managers read per application. */
export async function authoriseWholeAudit(ctx: Ctx): Promise<void> {
  if (!ctx.actor.isAdmin) {
    throw new AppError(
      "FORBIDDEN",
      `${errors.adminOnly("read the whole audit log", await administratorEmails(ctx))} ${errors.auditPerApplication()}`,
    );
  }
}

/** Raises FORBIDDEN unless the actor is an administrator (or the operator, or the bot itself). */
export async function requireAdministrator(ctx: Ctx, what: string): Promise<void> {
  if (!ctx.actor.isAdmin) throw new AppError("FORBIDDEN", errors.adminOnly(what, await administratorEmails(ctx)));
}

/** Secrets are created and deleted by a person with a grant, never by the operator or the bot. */
export function requirePerson(ctx: Ctx, what: string): PersonActor {
  if (ctx.actor.kind !== "person") throw new AppError("FORBIDDEN", errors.needsPerson(what));
  return ctx.actor;
}

/**
 * The organisation whose alerts the actor may route: administrators any, credential managers of a whole
 * organisation theirs. Anyone else gets the same answer whether or not the organisation exists.
 */
export async function authoriseAlertRouting(ctx: Ctx, name: string): Promise<OrganisationRow> {
  if (ctx.actor.isAdmin) return findOrganisation(ctx.db, name, ctx.actor.surface);
  if (ctx.actor.kind === "person") {
    const { accessGrants, organisations } = ctx.db.t;
    const [org] = await ctx.db
      .select({ org: organisations })
      .from(accessGrants)
      .innerJoin(organisations, eq(organisations.id, accessGrants.organisationId))
      .where(
        and(
          eq(accessGrants.personId, ctx.actor.personId),
          eq(accessGrants.role, "manager"),
          isActiveGrant(accessGrants, ctx.clock.now()),
          sql`lower(${organisations.name}) = lower(${name.trim()})`,
        ),
      )
      .limit(1);
    if (org) return org.org;
  }
  throw new AppError("FORBIDDEN", errors.alertsNotAllowed(name.trim(), await administratorEmails(ctx)));
}

/** What a person may do anywhere, for help and for refusing a command before its arguments are read. */
export type Capabilities = { hasGrant: boolean; isManager: boolean; isOrgManager: boolean; isAdmin: boolean };

export async function capabilitiesOf(ctx: Ctx): Promise<Capabilities> {
  const grants = await grantsOf(ctx);
  return {
    hasGrant: grants.length > 0,
    isManager: grants.some((g) => g.role === "manager"),
    isOrgManager: grants.some((g) => g.role === "manager" && g.organisationId !== null),
    isAdmin: ctx.actor.isAdmin,
  };
}

/**
 * Who a command is for. Help lists a command to those who may use it; `administrator` and
 * `alert-router` commands are refused before their arguments are read, since their use never depends
 * on a target the person might not be allowed to know about.
 */
export type CommandAccess = "anyone" | "viewer" | "manager" | "auditor" | "alert-router" | "decider" | "administrator";

export function mayUse(can: Capabilities, access: CommandAccess): boolean {
  switch (access) {
    case "anyone":
      return true;
    case "viewer":
      return can.hasGrant || can.isAdmin;
    case "manager":
      return can.isManager;
    case "auditor":
      return can.isAdmin || can.isManager;
    case "alert-router":
    case "decider":
      return can.isAdmin || can.isOrgManager;
    case "administrator":
      return can.isAdmin;
  }
}

/** Refuses a command the actor may not use at all, before its arguments are read (see CommandAccess). */
export async function refuseUnlessAllowed(ctx: Ctx, access: CommandAccess, purpose: string): Promise<void> {
  if (access === "administrator") await requireAdministrator(ctx, purpose);
  if (access === "decider" && !mayUse(await capabilitiesOf(ctx), access)) {
    throw new AppError("FORBIDDEN", errors.notADecider(await administratorEmails(ctx)));
  }
}

/** What a decision is about: who asked, and for what. */
export type RequestTarget = { personId: number; applicationId: number | null; organisationId: number | null };

/**
 * May the actor decide this request? Administrators may decide any; credential managers of a whole
 * organisation may decide requests for its applications (not for the organisation itself, nor for a
 * name that is no application: only administrators see every application); nobody decides their own.
 */
export async function authoriseDecision(ctx: Ctx, request: RequestTarget): Promise<void> {
  const person = requirePerson(ctx, "decide access requests");
  if (person.personId === request.personId) throw new AppError("FORBIDDEN", errors.ownRequest());
  if (!canDecide(person, await grantsOf(ctx), request)) {
    throw new AppError("FORBIDDEN", errors.notYourRequestToDecide(await administratorEmails(ctx)));
  }
}

/** The rule behind authoriseDecision, for a list: the person's grants in force, one request. */
export function canDecide(person: PersonActor, grants: readonly GrantRow[], request: RequestTarget): boolean {
  if (person.personId === request.personId) return false;
  if (person.isAdmin) return true;
  return (
    request.applicationId !== null &&
    grants.some((g) => g.role === "manager" && g.applicationId === null && g.organisationId === request.organisationId)
  );
}
