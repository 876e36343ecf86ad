import { sql } from "drizzle-orm";
import type { Db, Schema } from "../../db/database.js";
import type { Surface } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";

export type OrganisationRow = Schema["organisations"]["$inferSelect"];

/** True before the first organisation is registered: a fresh installation (the console offers its demo then). */
export const hasNoOrganisations = async (db: Db): Promise<boolean> =>
  (await db.select({ id: db.t.organisations.id }).from(db.t.organisations).limit(1)).length === 0;

export async function lookupOrganisation(db: Db, name: string): Promise<OrganisationRow | undefined> {
  const { organisations } = db.t;
  const [row] = await db
    .select()
    .from(organisations)
    .where(sql`lower(${organisations.name}) = lower(${name.trim()})`)
    .limit(1);
  return row;
}

/** The organisation with this name (case-insensitive), or NOT_FOUND saying how to add it. */
export async function findOrganisation(db: Db, name: string, surface: Surface): Promise<OrganisationRow> {
  const row = await lookupOrganisation(db, name);
  if (!row) throw new AppError("NOT_FOUND", errors.organisationNotFound(name, surface));
  return row;
}
