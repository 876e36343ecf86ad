/**
 * Whether the bot knows someone by e-mail well enough to let them sign in to the portal: they hold a
 * grant in force, are an administrator (ADMIN_EMAILS or the table), or are an organisation's contact.
 */
import { and, eq } from "drizzle-orm";
import { isActiveGrant } from "../active-grants.js";
import type { Deps } from "../context.js";

export async function isKnownPerson(deps: Pick<Deps, "db" | "config" | "clock">, email: string): Promise<boolean> {
  if (deps.config.adminEmails.includes(email)) return true;
  const { db } = deps;
  const { people, accessGrants, administrators, contacts } = db.t;
  const [contact] = await db.select().from(contacts).where(eq(contacts.email, email)).limit(1);
  if (contact) return true;
  const [person] = await db.select({ id: people.id }).from(people).where(eq(people.email, email)).limit(1);
  if (!person) return false;
  const [admin] = await db.select().from(administrators).where(eq(administrators.personId, person.id)).limit(1);
  if (admin) return true;
  const [grant] = await db
    .select({ id: accessGrants.id })
    .from(accessGrants)
    .where(and(eq(accessGrants.personId, person.id), isActiveGrant(accessGrants, deps.clock.now())))
    .limit(1);
  return grant !== undefined;
}
