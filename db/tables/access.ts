/**
 * Who may do what, and the record of what was done: grants, requests for them, confirmations of
 * destructive actions, and the audit log.
 */
import { sql } from "drizzle-orm";
import { createdAt, id, integer, json, text, timestamp } from "../columns.js";
import type { Dialect } from "../database.js";
import type { Kit, Referenced } from "../kit.js";
import { check, index, uniqueIndex } from "../table-parts.js";
import { accessRequestStatuses, confirmationActions, roles } from "../vocabulary.js";

export function accessTables<D extends Dialect>(
  k: Kit<D>,
  { organisations, applications, people }: Referenced<"organisations" | "applications" | "people">,
) {
  const accessGrants = k.table(
    "access_grants",
    {
      id: id(),
      personId: integer("person_id")
        .notNull()
        .references(() => people.id, { onDelete: "cascade" }),
      applicationId: integer("application_id").references(() => applications.id, { onDelete: "cascade" }),
      organisationId: integer("organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
      role: text("role", roles).notNull(),
      grantedBy: text("granted_by").notNull(),
      createdAt: createdAt(),
      /** A time-bound grant stops counting at this instant (`grant … --for 30d`); null: until revoked. */
      endsAt: timestamp("ends_at"),
      /** When the holder was told the grant ends soon, so they are told once. */
      warnedAt: timestamp("warned_at"),
    },
    (t) => [
      check("access_grants_one_target", sql`(${t.applicationId} IS NULL) <> (${t.organisationId} IS NULL)`),
      uniqueIndex("access_grants_app_unique", [t.personId, t.applicationId]),
      uniqueIndex("access_grants_org_unique", [t.personId, t.organisationId]),
      // Who manages these applications and organisations: the reminder pass asks per page of secrets.
      index("access_grants_application_idx", [t.applicationId]),
      index("access_grants_organisation_idx", [t.organisationId]),
    ],
  );

  /**
   * A person asking for a grant (`request`): open until an administrator or a manager of the
   * organisation decides it, or until it lapses after seven days. At most one open request per person
   * and target. A request for a name that is no application or organisation (a typo, or one not yet
   * registered) is kept by that name, for the administrators to decide, so the requester's answer is
   * the same as for a real one and names cannot be probed.
   */
  const accessRequests = k.table(
    "access_requests",
    {
      id: id(),
      personId: integer("person_id")
        .notNull()
        .references(() => people.id, { onDelete: "cascade" }),
      applicationId: integer("application_id").references(() => applications.id, { onDelete: "cascade" }),
      organisationId: integer("organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
      /** The name asked for when it is no application or organisation; null otherwise. */
      unknownName: text("unknown_name"),
      role: text("role", roles).notNull(),
      /** `--for`: days the grant should last once approved; null for a grant until revoked. */
      days: integer("days"),
      reason: text("reason"),
      status: text("status", accessRequestStatuses).notNull().default("open"),
      /** Where the person asked, so the outcome reaches them there (e.g. `slack`, `teams`, `console`). */
      surface: text("surface").notNull(),
      createdAt: createdAt(),
      decidedAt: timestamp("decided_at"),
      /** Who decided (an e-mail, or `system` for a lapse). */
      decidedBy: text("decided_by"),
      /** The reason given with a denial. */
      note: text("note"),
    },
    (t) => [
      check(
        "access_requests_one_target",
        // Written as PostgreSQL prints it back, so both databases describe it alike (test/db/schema-parity.test.ts).
        sql`${t.unknownName} IS NULL AND (${t.applicationId} IS NULL) <> (${t.organisationId} IS NULL) OR ${t.unknownName} IS NOT NULL AND ${t.applicationId} IS NULL AND ${t.organisationId} IS NULL`,
      ),
      uniqueIndex("access_requests_open_app_unique", [t.personId, t.applicationId], sql`${t.status} = 'open'`),
      uniqueIndex("access_requests_open_org_unique", [t.personId, t.organisationId], sql`${t.status} = 'open'`),
      uniqueIndex("access_requests_open_name_unique", [t.personId, t.unknownName], sql`${t.status} = 'open'`),
      index("access_requests_status_idx", [t.status, t.createdAt]),
    ],
  );

  /** A destructive action waiting for its requester's yes; single use, short-lived. */
  const pendingConfirmations = k.table("pending_confirmations", {
    id: text("id").primaryKey(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    action: text("action", confirmationActions).notNull(),
    payload: json("payload").$type<Record<string, unknown>>().notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    usedAt: timestamp("used_at"),
    createdAt: createdAt(),
  });

  const auditEntries = k.table(
    "audit_entries",
    {
      id: id(),
      at: timestamp("at").notNull(),
      /** E-mail of the person, or `operator:<name>` for the CLI without --as, or `system`. */
      actor: text("actor").notNull(),
      surface: text("surface").notNull(),
      action: text("action").notNull(),
      organisationId: integer("organisation_id"),
      applicationId: integer("application_id"),
      /** Human-readable subject, kept even after the row it names is deleted. */
      target: text("target").notNull(),
      detail: json("detail").$type<Record<string, unknown>>().notNull(),
    },
    (t) => [index("audit_entries_at_idx", [t.at]), index("audit_entries_app_idx", [t.applicationId, t.at])],
  );

  return { accessGrants, accessRequests, pendingConfirmations, auditEntries };
}
