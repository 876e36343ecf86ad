import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { organisations } from "../../db/schema.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";

export type OrganisationRow = typeof organisations.$inferSelect;

export const lookupOrganisation = (db: Db, name: string): OrganisationRow | undefined =>
  db.select().from(organisations).where(sql`lower(${organisations.name}) = lower(${name.trim()})`).get();

/** The organisation with this name (case-insensitive), or NOT_FOUND saying how to add it. */
export function findOrganisation(db: Db, name: string): OrganisationRow {
  const row = lookupOrganisation(db, name);
  if (!row) throw new AppError("NOT_FOUND", errors.organisationNotFound(name));
  return row;
}
