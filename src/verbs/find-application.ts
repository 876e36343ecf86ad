import { eq, or, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import type { ApplicationRow } from "../people.js";

/** Looks an application up by name or clientId, case-insensitively; no access is checked here. */
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
