/**
 * The SQLite schema (the embedded default). db/postgres/schema.ts has the same tables and columns in
 * PostgreSQL's types; a test fails when they differ. Migrations in ./migrations are generated from this
 * file by drizzle-kit and never edited once landed. Times are stored as Unix milliseconds.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  accessRequestStatuses,
  credentialKinds,
  deactivators,
  providerNames,
  reminderChannels,
  reminderStatuses,
  roles,
  teamsConversationKinds,
} from "../vocabulary.js";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const organisations = sqliteTable(
  "organisations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("organisations_name_unique").on(sql`lower(${t.name})`)],
);

export const applications = sqliteTable(
  "applications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    /** Permanent OAuth2 client_id; never changes once registered. */
    clientId: text("client_id").notNull().unique(),
    /** JSON array of API identifiers the application may call (token `aud` and allowed scopes). */
    apis: text("apis", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    provider: text("provider", { enum: providerNames }).notNull(),
    /** The provider's own reference, e.g. the Entra app registration's object id. */
    providerRef: text("provider_ref"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("applications_name_unique").on(sql`lower(${t.name})`),
    index("applications_organisation_idx").on(t.organisationId),
  ],
);

export const people = sqliteTable("people", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Lower-cased e-mail: the one identity across Slack, Teams and the console. */
  email: text("email").notNull().unique(),
  displayName: text("display_name"),
  createdAt: createdAt(),
});

export const clientSecrets = sqliteTable(
  "client_secrets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    applicationId: integer("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    keyId: text("key_id").notNull().unique(),
    displayName: text("display_name").notNull(),
    /** The only part of a value ever shown again. */
    hint: text("hint").notNull(),
    /** Keyed SHA-256 of the value (built-in provider only); never the value itself. */
    hash: text("hash"),
    createdAt: createdAt(),
    createdBy: integer("created_by").references(() => people.id, { onDelete: "set null" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    /** True for secrets the bot found at the provider but did not create (e.g. in the Entra portal). */
    isExternal: integer("is_external", { mode: "boolean" }).notNull().default(false),
    /** A client secret, or a certificate the bot lists and reminds about but never creates (Entra keyCredentials). */
    kind: text("kind", { enum: credentialKinds }).notNull().default("secret"),
    /**
     * When it was deactivated: by the bot at the provider because it reached the expiry the bot set
     * (providers whose secrets never expire by themselves, e.g. Okta), or by someone in the provider's own
     * console (found by the sync); null while it is active.
     */
    deactivatedAt: integer("deactivated_at", { mode: "timestamp_ms" }),
    /** Who deactivated it (`deactivatedAt`); null while it is active. */
    deactivatedBy: text("deactivated_by", { enum: deactivators }),
  },
  (t) => [
    index("client_secrets_application_idx").on(t.applicationId, t.expiresAt),
    index("client_secrets_expires_idx").on(t.expiresAt),
  ],
);

export const chatIdentities = sqliteTable(
  "chat_identities",
  {
    platform: text("platform", { enum: ["slack", "teams", "console"] }).notNull(),
    /** Slack team id or Teams tenant id. */
    workspace: text("workspace").notNull(),
    userId: text("user_id").notNull(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    refreshedAt: integer("refreshed_at", { mode: "timestamp_ms" }).notNull(),
    /** How to reach the person privately on this platform (Slack: their user id; Teams: service URL, ids). */
    address: text("address", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.workspace, t.userId] })],
);

export const accessGrants = sqliteTable(
  "access_grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    applicationId: integer("application_id").references(() => applications.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
    role: text("role", { enum: roles }).notNull(),
    grantedBy: text("granted_by").notNull(),
    createdAt: createdAt(),
    /** A time-bound grant stops counting at this instant (`grant … --for 30d`); null: until revoked. */
    endsAt: integer("ends_at", { mode: "timestamp_ms" }),
    /** When the holder was told the grant ends soon, so they are told once. */
    warnedAt: integer("warned_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    check("access_grants_one_target", sql`(${t.applicationId} IS NULL) <> (${t.organisationId} IS NULL)`),
    uniqueIndex("access_grants_app_unique").on(t.personId, t.applicationId),
    uniqueIndex("access_grants_org_unique").on(t.personId, t.organisationId),
  ],
);

export const administrators = sqliteTable("administrators", {
  personId: integer("person_id")
    .primaryKey()
    .references(() => people.id, { onDelete: "cascade" }),
  addedBy: text("added_by").notNull(),
  createdAt: createdAt(),
});

export const alertChannels = sqliteTable(
  "alert_channels",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    platform: text("platform", { enum: ["slack", "teams"] }).notNull(),
    workspace: text("workspace").notNull(),
    channelId: text("channel_id").notNull(),
    /** Platform data needed to post proactively (e.g. a Teams conversation reference). */
    conversationRef: text("conversation_ref", { mode: "json" }).$type<Record<string, unknown>>(),
    addedBy: text("added_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("alert_channels_unique").on(t.organisationId, t.platform, t.workspace, t.channelId)],
);

export const contacts = sqliteTable(
  "contacts",
  {
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.email] })],
);

/** A destructive action waiting for its requester's yes; single use, short-lived. */
export const pendingConfirmations = sqliteTable("pending_confirmations", {
  id: text("id").primaryKey(),
  personId: integer("person_id")
    .notNull()
    .references(() => people.id, { onDelete: "cascade" }),
  action: text("action", { enum: ["delete_secret"] }).notNull(),
  payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
  createdAt: createdAt(),
});

export const auditEntries = sqliteTable(
  "audit_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    /** E-mail of the person, or `operator:<name>` for the CLI without --as, or `system`. */
    actor: text("actor").notNull(),
    surface: text("surface").notNull(),
    action: text("action").notNull(),
    organisationId: integer("organisation_id"),
    applicationId: integer("application_id"),
    /** Human-readable subject, kept even after the row it names is deleted. */
    target: text("target").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("audit_entries_at_idx").on(t.at), index("audit_entries_app_idx").on(t.applicationId, t.at)],
);

/** Token-signing keys of the built-in provider; the private half is encrypted with a key derived from the pepper. */
export const signingKeys = sqliteTable("signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg").notNull(),
  publicJwk: text("public_jwk", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  privateKeyEnc: text("private_key_enc").notNull(),
  createdAt: createdAt(),
  retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
});

/**
 * The reminder outbox: one row per (secret, threshold, recipient), inserted when the reminder is due,
 * claimed before delivery and marked after, so each reminder is delivered once even across crashes.
 */
export const reminderOutbox = sqliteTable(
  "reminder_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    secretId: integer("secret_id")
      .notNull()
      .references(() => clientSecrets.id, { onDelete: "cascade" }),
    /** `30d`, `14d`, … , `expiry-day` or `expired`. */
    threshold: text("threshold").notNull(),
    channel: text("channel", { enum: reminderChannels }).notNull(),
    /** An e-mail address, or `workspace/channelId` for a chat channel. */
    recipient: text("recipient").notNull(),
    status: text("status", { enum: reminderStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    dueAt: integer("due_at", { mode: "timestamp_ms" }).notNull(),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    /** Retries stop here; the row is then failed for good and shown by `steward remind --status`. */
    deadlineAt: integer("deadline_at", { mode: "timestamp_ms" }).notNull(),
    claimToken: text("claim_token"),
    claimedAt: integer("claimed_at", { mode: "timestamp_ms" }),
    deliveredAt: integer("delivered_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
    /** Why this recipient was added, e.g. a channel alert that failed for good. */
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("reminder_outbox_unique").on(t.secretId, t.threshold, t.channel, t.recipient),
    index("reminder_outbox_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/** Named leases so a job (the reminder pass) never runs twice at once, across processes. */
export const jobLeases = sqliteTable("job_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Microsoft Teams conversations the bot is in (issue 4): stored when it is installed in a team, chat or
 * personal scope and refreshed on each message, so it can post there later (expiry alerts) and knows
 * when it was removed. `reference` is what a proactive message needs (service URL, bot, tenant).
 */
export const teamsConversations = sqliteTable(
  "teams_conversations",
  {
    tenantId: text("tenant_id").notNull(),
    /** The conversation id without a thread suffix (`;messageid=…`): a channel, group chat or 1:1 chat. */
    conversationId: text("conversation_id").notNull(),
    kind: text("kind", { enum: teamsConversationKinds }).notNull(),
    teamId: text("team_id"),
    reference: text("reference", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    isInstalled: integer("is_installed", { mode: "boolean" }).notNull().default(true),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.conversationId] }), index("teams_conversations_team_idx").on(t.teamId)],
);

/**
 * A person asking for a grant (`request`): open until an administrator or a manager of the
 * organisation decides it, or until it lapses after seven days. At most one open request per person
 * and target.
 */
export const accessRequests = sqliteTable(
  "access_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    applicationId: integer("application_id").references(() => applications.id, { onDelete: "cascade" }),
    organisationId: integer("organisation_id").references(() => organisations.id, { onDelete: "cascade" }),
    role: text("role", { enum: roles }).notNull(),
    /** `--for`: days the grant should last once approved; null for a grant until revoked. */
    days: integer("days"),
    reason: text("reason"),
    status: text("status", { enum: accessRequestStatuses }).notNull().default("open"),
    /** Where the person asked, so the outcome reaches them there (e.g. `slack`, `teams`, `console`). */
    surface: text("surface").notNull(),
    createdAt: createdAt(),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    /** Who decided (an e-mail, or `system` for a lapse). */
    decidedBy: text("decided_by"),
    /** The reason given with a denial. */
    note: text("note"),
  },
  (t) => [
    check("access_requests_one_target", sql`(${t.applicationId} IS NULL) <> (${t.organisationId} IS NULL)`),
    uniqueIndex("access_requests_open_app_unique").on(t.personId, t.applicationId).where(sql`${t.status} = 'open'`),
    uniqueIndex("access_requests_open_org_unique").on(t.personId, t.organisationId).where(sql`${t.status} = 'open'`),
    index("access_requests_status_idx").on(t.status, t.createdAt),
  ],
);

/** The messages that told deciders of a request (a Slack DM, a Teams card), so they can show its outcome. */
export const requestNotices = sqliteTable(
  "request_notices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requestId: integer("request_id")
      .notNull()
      .references(() => accessRequests.id, { onDelete: "cascade" }),
    platform: text("platform", { enum: ["slack", "teams"] }).notNull(),
    /** What the platform needs to change the message later (Slack: channel and ts; Teams: conversation and activity). */
    handle: text("handle", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("request_notices_request_idx").on(t.requestId)],
);
