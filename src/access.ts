/**
 * Who may do what. Every verb calls these first; nothing about access is ever taken from a button
 * payload. A grant on an organisation covers all its applications, present and future.
 */
import { and, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Schema } from "../db/database.js";
import type { Role } from "../db/vocabulary.js";
import type { Actor, Ctx, Deps, Surface } from "./context.js";
import { AppError } from "./errors.js";
import { errors } from "./messages/errors.js";

export type ApplicationRow = Schema["applications"]["$inferSelect"];
export type PersonRow = Schema["people"]["$inferSelect"];
export type Access = Role | "administrator";

export const Email = z.string().trim().toLowerCase().pipe(z.email());

/** Parses an e-mail address or raises a VALIDATION error that says what was wrong. */
export function parseEmail(raw: string): string {
  const parsed = Email.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION", errors.badEmail(raw));
  return parsed.data;
}

/** Finds or creates the person with this e-mail; keeps the display name fresh when one is known. */
export async function ensurePerson(db: Db, email: string, displayName?: string | null): Promise<PersonRow> {
  const normalised = parseEmail(email);
  const { people } = db.t;
  const [row] = await db.transaction((tx) =>
    tx
      .insert(people)
      .values({ email: normalised, displayName: displayName ?? null })
      .onConflictDoUpdate({
        target: people.email,
        set: { displayName: sql`coalesce(${displayName ?? null}, ${people.displayName})` },
      })
      .returning(),
  );
  if (!row) throw new Error(`could not record ${normalised}`);
  return row;
}

/** The actor for a person known by e-mail; administrators come from ADMIN_EMAILS or the table. */
export async function actorFor(
  deps: Deps,
  input: { email: string; displayName?: string | null; surface: Surface },
): Promise<Actor> {
  const person = await ensurePerson(deps.db, input.email, input.displayName);
  const { administrators } = deps.db.t;
  const isListed = deps.config.adminEmails.includes(person.email);
  const isAdmin =
    isListed || (await deps.db.select().from(administrators).where(eq(administrators.personId, person.id))).length > 0;
  return {
    personId: person.id,
    email: person.email,
    displayName: person.displayName,
    isAdmin,
    isOperator: false,
    surface: input.surface,
  };
}

/** The operator at the CLI: may administer, but holds no manager grant, so never creates or deletes secrets. */
export const operatorActor = (login: string): Actor => ({
  personId: null,
  email: `operator:${login}`,
  displayName: login,
  isAdmin: true,
  isOperator: true,
  surface: "cli",
});

/** The bot itself, for work nobody typed (the sync at start and before reminders): administers, holds no grant. */
export const systemActor = (surface: Surface = "cli"): Actor => ({
  personId: null,
  email: "system",
  displayName: "Secret Steward",
  isAdmin: true,
  isOperator: false,
  surface,
});

/** The actor's strongest access to an application, or null when they may not even know it exists. */
export async function accessTo(ctx: Ctx, app: Pick<ApplicationRow, "id" | "organisationId">): Promise<Access | null> {
  if (ctx.actor.personId !== null) {
    const { accessGrants } = ctx.db.t;
    const grants = await ctx.db
      .select({ role: accessGrants.role })
      .from(accessGrants)
      .where(
        and(
          eq(accessGrants.personId, ctx.actor.personId),
          or(eq(accessGrants.applicationId, app.id), eq(accessGrants.organisationId, app.organisationId)),
        ),
      );
    if (grants.some((g) => g.role === "manager")) return "manager";
    if (grants.length > 0) return "viewer";
  }
  return ctx.actor.isAdmin ? "administrator" : null;
}

/** Looks an application up by name or clientId, case-insensitively. */
export async function lookupApplication(db: Db, ref: string): Promise<ApplicationRow | undefined> {
  const needle = ref.trim();
  const { applications } = db.t;
  const [row] = await db
    .select()
    .from(applications)
    .where(or(eq(applications.clientId, needle), sql`lower(${applications.name}) = lower(${needle})`))
    .limit(1);
  return row;
}

/**
 * Resolves an application the actor may see (`view`) or manage (`manage`). An application the actor
 * holds no grant for gets exactly the same answer as one that does not exist.
 */
export async function findApplication(
  ctx: Ctx,
  ref: string,
  need: "view" | "manage",
): Promise<{ app: ApplicationRow; access: Access }> {
  const app = await lookupApplication(ctx.db, ref);
  const access = app ? await accessTo(ctx, app) : null;
  if (!app || access === null)
    throw new AppError("NOT_FOUND", errors.applicationNotFound(ref, await administratorEmails(ctx)));
  if (need === "manage" && access !== "manager") {
    throw new AppError("FORBIDDEN", errors.notAManager(app.name, access, await managersOf(ctx.db, app)));
  }
  return { app, access };
}

/** E-mails of everyone who can manage the application's secrets (application or organisation grants). */
export async function managersOf(db: Db, app: Pick<ApplicationRow, "id" | "organisationId">): Promise<string[]> {
  const { accessGrants, people } = db.t;
  const rows = await db
    .selectDistinct({ email: people.email })
    .from(accessGrants)
    .innerJoin(people, eq(people.id, accessGrants.personId))
    .where(
      and(
        eq(accessGrants.role, "manager"),
        or(eq(accessGrants.applicationId, app.id), eq(accessGrants.organisationId, app.organisationId)),
      ),
    )
    .orderBy(people.email);
  return rows.map((r) => r.email);
}

/** Raises FORBIDDEN unless the actor is an administrator. */
export async function requireAdmin(ctx: Ctx, what: string): Promise<void> {
  if (!ctx.actor.isAdmin) throw new AppError("FORBIDDEN", errors.adminOnly(what, await administratorEmails(ctx)));
}

/** Everyone to ask for access: ADMIN_EMAILS and the administrators table. */
export async function administratorEmails(deps: Deps): Promise<string[]> {
  const { administrators, people } = deps.db.t;
  const rows = await deps.db
    .select({ email: people.email })
    .from(administrators)
    .innerJoin(people, eq(people.id, administrators.personId));
  return [...new Set([...deps.config.adminEmails, ...rows.map((r) => r.email)])].sort();
}
