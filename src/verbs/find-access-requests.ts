import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import type { AccessRequestStatus, Role } from "../../db/vocabulary.js";

/** An access request with the names its messages show. */
export type AccessRequestView = {
  id: number;
  status: AccessRequestStatus;
  role: Role;
  days: number | null;
  reason: string | null;
  surface: string;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  note: string | null;
  personId: number;
  requesterEmail: string;
  /** The application asked for; null for a request on a whole organisation. */
  applicationId: number | null;
  /** The organisation asked for, or the application's organisation. */
  organisationId: number;
  targetName: string;
  targetKind: "application" | "organisation";
  organisationName: string;
};

/** The access requests matching `where` (by default all), newest first. */
export async function findAccessRequests(
  db: Db,
  where?: (t: Db["t"]) => SQL | undefined,
): Promise<AccessRequestView[]> {
  const { accessRequests: r, applications: a, organisations: o, people: p } = db.t;
  const rows = await db
    .select({
      id: r.id,
      status: r.status,
      role: r.role,
      days: r.days,
      reason: r.reason,
      surface: r.surface,
      createdAt: r.createdAt,
      decidedAt: r.decidedAt,
      decidedBy: r.decidedBy,
      note: r.note,
      personId: r.personId,
      requesterEmail: p.email,
      applicationId: r.applicationId,
      applicationName: a.name,
      organisationId: o.id,
      organisationName: o.name,
    })
    .from(r)
    .innerJoin(p, eq(p.id, r.personId))
    .leftJoin(a, eq(a.id, r.applicationId))
    .innerJoin(o, sql`${o.id} = coalesce(${a.organisationId}, ${r.organisationId})`)
    .where(and(where?.(db.t)))
    .orderBy(desc(r.createdAt), desc(r.id));
  return rows.map(({ applicationName, ...row }) => ({
    ...row,
    targetName: applicationName ?? row.organisationName,
    targetKind: row.applicationId === null ? "organisation" : "application",
  }));
}

/** One request by its id, or undefined. */
export async function findAccessRequest(db: Db, id: number): Promise<AccessRequestView | undefined> {
  const [row] = await findAccessRequests(db, (t) => eq(t.accessRequests.id, id));
  return row;
}
