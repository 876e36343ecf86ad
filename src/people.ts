/**
 * People and who acts: a person is known by e-mail, the same on Slack, Teams and the console;
 * administrators come from ADMIN_EMAILS or the administrators table.
 */
import { and, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Schema } from "../db/database.js";
import { isActiveGrant } from "./active-grants.js";
import type { Deps, OperatorActor, PersonActor, Surface, SystemActor } from "./context.js";
import { AppError } from "./errors.js";
import { errors } from "./messages/errors.js";

export type PersonRow = Schema["people"]["$inferSelect"];
export type ApplicationRow = Schema["applications"]["$inferSelect"];

export const Email = z
  .string({ error: errors.badEmail("") })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: (issue) => errors.badEmail(String(issue.input)) }));

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
  // Every chat command comes through here: a person already recorded as they are is only read.
  const [known] = await db.select().from(people).where(eq(people.email, normalised)).limit(1);
  if (known && (!displayName || displayName === known.displayName)) return known;
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

/** The actor for a person known by e-mail. */
export async function actorFor(
  deps: Deps,
  input: { email: string; displayName?: string | null; surface: Surface },
): Promise<PersonActor> {
  const person = await ensurePerson(deps.db, input.email, input.displayName);
  const { administrators } = deps.db.t;
  const isListed = deps.config.adminEmails.includes(person.email);
  const isInTable =
    !isListed && (await deps.db.select().from(administrators).where(eq(administrators.personId, person.id))).length > 0;
  return personActor(deps, person, isInTable, input.surface);
}

/**
 * The actor for a person already read, with whether the administrators table lists them (read in the
 * same query, so a chat command needs no second look-up); ADMIN_EMAILS counts as well.
 */
export function personActor(
  deps: Deps,
  person: Pick<PersonRow, "id" | "email" | "displayName">,
  isInTable: boolean,
  surface: Surface,
): PersonActor {
  return {
    kind: "person",
    personId: person.id,
    email: person.email,
    name: person.email,
    displayName: person.displayName,
    isAdmin: isInTable || deps.config.adminEmails.includes(person.email),
    surface,
  };
}

/** The operator at the CLI (`operator:<login>` in the audit log). */
export const operatorActor = (login: string): OperatorActor => ({
  kind: "operator",
  name: `operator:${login}`,
  displayName: login,
  isAdmin: true,
  surface: "cli",
});

/** The bot itself (`system` in the audit log). */
export const systemActor = (surface: Surface = "cli"): SystemActor => ({
  kind: "system",
  name: "system",
  displayName: "Secret Steward",
  isAdmin: true,
  surface,
});

/** E-mails of everyone with a manager grant in force at `now` on the application or its organisation. */
export const managersOf = (db: Db, app: Pick<ApplicationRow, "id" | "organisationId">, now: Date) =>
  managerEmails(db, now, { applicationId: app.id, organisationId: app.organisationId });

/** E-mails of the credential managers of a whole organisation at `now` (organisation-level manager grants). */
export const organisationManagers = (db: Db, organisationId: number, now: Date) =>
  managerEmails(db, now, { organisationId });

/** Manager grants in force at `now` on the organisation, and on the application where one is given. */
async function managerEmails(
  db: Db,
  now: Date,
  reach: { organisationId: number; applicationId?: number },
): Promise<string[]> {
  const { accessGrants, people } = db.t;
  const onOrganisation = eq(accessGrants.organisationId, reach.organisationId);
  const rows = await db
    .selectDistinct({ email: people.email })
    .from(accessGrants)
    .innerJoin(people, eq(people.id, accessGrants.personId))
    .where(
      and(
        eq(accessGrants.role, "manager"),
        reach.applicationId === undefined
          ? onOrganisation
          : or(eq(accessGrants.applicationId, reach.applicationId), onOrganisation),
        isActiveGrant(accessGrants, now),
      ),
    )
    .orderBy(people.email);
  return rows.map((r) => r.email);
}

/** Who hears about an application: its managers, or the administrators when it has none, so nobody is left untold. */
export async function managersOrAdministrators(
  deps: Deps,
  app: Pick<ApplicationRow, "id" | "organisationId">,
  now: Date,
): Promise<string[]> {
  const managers = await managersOf(deps.db, app, now);
  return managers.length > 0 ? managers : administratorEmails(deps);
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
