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
  /** The application asked for; null for a request on a whole organisation or an unknown name. */
  applicationId: number | null;
  /** The organisation asked for, or the application's organisation; null for an unknown name. */
  organisationId: number | null;
  /** The application's or organisation's name, or the name asked for when it is neither. */
  targetName: string;
  /** `unknown`: the name asked for was no application or organisation when it was asked for. */
  targetKind: "application" | "organisation" | "unknown";
  organisationName: string | null;
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
      unknownName: r.unknownName,
      organisationId: o.id,
      organisationName: o.name,
    })
    .from(r)
    .innerJoin(p, eq(p.id, r.personId))
    .leftJoin(a, eq(a.id, r.applicationId))
    .leftJoin(o, sql`${o.id} = coalesce(${a.organisationId}, ${r.organisationId})`)
    .where(and(where?.(db.t)))
    .orderBy(desc(r.createdAt), desc(r.id));
  return rows.map(({ applicationName, unknownName, ...row }) => ({
    ...row,
    targetName: applicationName ?? row.organisationName ?? unknownName ?? "",
    targetKind: row.applicationId !== null ? "application" : row.organisationId !== null ? "organisation" : "unknown",
  }));
}

/** One request by its id, or undefined. */
export async function findAccessRequest(db: Db, id: number): Promise<AccessRequestView | undefined> {
  const [row] = await findAccessRequests(db, (t) => eq(t.accessRequests.id, id));
  return row;
}
