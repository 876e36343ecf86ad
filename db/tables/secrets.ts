/**
 * Client secrets and what follows from them: the built-in provider's signing keys, the reminder outbox
 * and the leases that keep its pass single.
 */
import { boolean, createdAt, id, integer, json, text, timestamp } from "../columns.js";
import type { Dialect } from "../database.js";
import type { Kit, Referenced } from "../kit.js";
import { index, uniqueIndex } from "../table-parts.js";
import { credentialKinds, deactivators, reminderChannels, reminderStatuses, retireChoices } from "../vocabulary.js";

export function secretTables<D extends Dialect>(
  k: Kit<D>,
  { applications, people }: Referenced<"applications" | "people">,
) {
  const clientSecrets = k.table(
    "client_secrets",
    {
      id: id(),
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
      expiresAt: timestamp("expires_at").notNull(),
      /** Evidence of use: the first and last time it got a token (or signed in, as the provider reports it). */
      firstUsedAt: timestamp("first_used_at"),
      lastUsedAt: timestamp("last_used_at"),
      /** The caller's address at the last use (built-in token endpoint only). */
      lastUsedFrom: text("last_used_from"),
      /**
       * When the provider last reported its use (Entra's sign-in activity); null when its report could
       * not be read, so its usage is unknown. Unused where the bot records use itself (built-in).
       */
      usageReportedAt: timestamp("usage_reported_at"),
      /**
       * When the managers were told it may no longer be needed (unused for 90 days, no newer secret), so
       * they are told once.
       */
      unusedNoticeAt: timestamp("unused_notice_at"),
      /** True for secrets the bot found at the provider but did not create (e.g. in the Entra portal). */
      isExternal: boolean("is_external").notNull().default(false),
      /** A client secret, or a certificate the bot lists and reminds about but never creates (Entra keyCredentials). */
      kind: text("kind", credentialKinds).notNull().default("secret"),
      /**
       * When it was deactivated: by the bot at the provider because it reached the expiry the bot set
       * (providers whose secrets never expire by themselves, e.g. Okta), or by someone in the provider's own
       * console (found by the sync); null while it is active.
       */
      deactivatedAt: timestamp("deactivated_at"),
      /** Who deactivated it (`deactivatedAt`); null while it is active. */
      deactivatedBy: text("deactivated_by", deactivators),
    },
    (t) => [
      index("client_secrets_application_idx", [t.applicationId, t.expiresAt]),
      // Covering for the reminder planning's scan of the expiry window (src/jobs/find-due-reminders.ts):
      // every column it reads, in the order it pages, so it never visits the table itself.
      index("client_secrets_expiry_scan_idx", [
        t.expiresAt,
        t.id,
        t.applicationId,
        t.createdAt,
        t.deactivatedAt,
        t.deactivatedBy,
      ]),
    ],
  );

  /** Token-signing keys of the built-in provider; the private half is encrypted with a key derived from the pepper. */
  const signingKeys = k.table("signing_keys", {
    kid: text("kid").primaryKey(),
    alg: text("alg").notNull(),
    publicJwk: json("public_jwk").$type<Record<string, unknown>>().notNull(),
    privateKeyEnc: text("private_key_enc").notNull(),
    createdAt: createdAt(),
    retiredAt: timestamp("retired_at"),
  });

  /**
   * The reminder outbox: one row per (secret, threshold, recipient), inserted when the reminder is due,
   * claimed before delivery and marked after, so each reminder is delivered once even across crashes.
   */
  const reminderOutbox = k.table(
    "reminder_outbox",
    {
      id: id(),
      secretId: integer("secret_id")
        .notNull()
        .references(() => clientSecrets.id, { onDelete: "cascade" }),
      /** `30d`, `14d`, … , `expiry-day` or `expired`. */
      threshold: text("threshold").notNull(),
      channel: text("channel", reminderChannels).notNull(),
      /** An e-mail address, or `workspace/channelId` for a chat channel. */
      recipient: text("recipient").notNull(),
      status: text("status", reminderStatuses).notNull().default("pending"),
      attempts: integer("attempts").notNull().default(0),
      dueAt: timestamp("due_at").notNull(),
      nextAttemptAt: timestamp("next_attempt_at").notNull(),
      /** Retries stop here; the row is then failed for good and shown by `steward remind --status`. */
      deadlineAt: timestamp("deadline_at").notNull(),
      claimToken: text("claim_token"),
      claimedAt: timestamp("claimed_at"),
      deliveredAt: timestamp("delivered_at"),
      lastError: text("last_error"),
      /** Why this recipient was added, e.g. a channel alert that failed for good. */
      note: text("note"),
      createdAt: createdAt(),
    },
    (t) => [
      uniqueIndex("reminder_outbox_unique", [t.secretId, t.threshold, t.channel, t.recipient]),
      index("reminder_outbox_due_idx", [t.status, t.nextAttemptAt]),
    ],
  );

  /** Named leases so a job (the reminder pass) never runs twice at once, across processes. */
  const jobLeases = k.table("job_leases", {
    name: text("name").primaryKey(),
    holder: text("holder").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
  });

  /**
   * A rotation: a secret created while its application held other unexpired secrets (the older ones,
   * by key id), followed by the bot until no older secret is left. Its state is computed from the
   * evidence of use (src/rotation.ts); `retire` says what happens to idle older secrets.
   */
  const rotations = k.table(
    "rotations",
    {
      id: id(),
      applicationId: integer("application_id")
        .notNull()
        .references(() => applications.id, { onDelete: "cascade" }),
      newerSecretId: integer("newer_secret_id")
        .notNull()
        .unique()
        .references(() => clientSecrets.id, { onDelete: "cascade" }),
      olderKeyIds: json("older_key_ids").$type<string[]>().notNull(),
      retire: text("retire", retireChoices).notNull().default("ask"),
      startedAt: createdAt(),
      /** When the managers were asked to delete the idle older secrets (`ask`), so they are asked once. */
      askedAt: timestamp("asked_at"),
      /** When the bot deleted the idle older secrets itself (`auto`). */
      retiredAt: timestamp("retired_at"),
    },
    (t) => [index("rotations_application_idx", [t.applicationId])],
  );

  /**
   * What the bot knows of a secret provider itself, one row per provider: since when its usage report
   * cannot be read for want of a permission (null while it can), so administrators are told once per spell.
   */
  const providerStates = k.table("provider_states", {
    provider: text("provider").primaryKey(),
    usageUnreadableSince: timestamp("usage_unreadable_since"),
  });

  return { clientSecrets, signingKeys, reminderOutbox, jobLeases, rotations, providerStates };
}
