import { sql } from "drizzle-orm";
import type { Db, Schema } from "../../db/database.js";
import type { Surface } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";

export type OrganisationRow = Schema["organisations"]["$inferSelect"];

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
