/**
 * The SQLite schema (the embedded default): the one table definition (db/tables.ts) built with SQLite's
 * kit — moments as Unix milliseconds, JSON as text, flags as 0/1. drizzle-kit reads the tables exported
 * here (drizzle.config.ts) and generates ./migrations, which are never edited once landed.
 */
import { defineTables } from "../tables.js";
import { sqliteKit } from "./kit.js";

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
} = defineTables(sqliteKit);
