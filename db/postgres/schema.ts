/**
 * The PostgreSQL schema: the one table definition (db/tables.ts) built with PostgreSQL's kit —
 * timestamptz for moments, jsonb for JSON, boolean for flags — plus the two tables only several replicas
 * need. drizzle-kit reads the tables exported here (drizzle.postgres.config.ts) and generates ./migrations,
 * which are never edited once landed.
 */
import { bigint, integer, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";
import { defineTables } from "../tables.js";
import { postgresKit } from "./kit.js";

export const {
  organisations,
  applications,
  people,
  administrators,
  contacts,
  clientSecrets,
  signingKeys,
  reminderOutbox,
  jobLeases,
  accessGrants,
  accessRequests,
  pendingConfirmations,
  auditEntries,
  chatIdentities,
  alertChannels,
  teamsConversations,
  requestNotices,
  webhooks,
  outbox,
  portalSessions,
  rotations,
  providerStates,
} = defineTables(postgresKit);

/**
 * PostgreSQL only: failed token-endpoint authentications counted across every replica (the
 * rate-limiter-flexible Drizzle store's table). One process on SQLite counts in memory instead.
 */
export const rateLimits = pgTable("rate_limits", {
  key: varchar("key", { length: 255 }).primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamp("expire", { withTimezone: true, mode: "date", precision: 3 }),
});

/**
 * PostgreSQL only: one row whose version goes up (by trigger, with a NOTIFY) whenever an application or
 * a secret the token endpoint relies on changes, so every replica drops its cache within a second.
 */
export const changeVersions = pgTable("change_versions", {
  name: text("name").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});
