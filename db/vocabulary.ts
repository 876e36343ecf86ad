/**
 * The closed sets of values stored in the database, shared by both dialects' tables (db/tables/) and the
 * code. Every enumerated column takes its values from here, so the schema and the code cannot disagree.
 */
export const roles = ["manager", "viewer"] as const;
export type Role = (typeof roles)[number];

export const providerNames = ["builtin", "entra", "keycloak", "okta"] as const;
export type ProviderName = (typeof providerNames)[number];

/** What a credential of an application is: a client secret, or a certificate the bot only watches (Entra). */
export const credentialKinds = ["secret", "certificate"] as const;
export type CredentialKind = (typeof credentialKinds)[number];

/** Who deactivated a secret: the bot at the expiry it enforces (Okta), or someone at the provider itself. */
export const deactivators = ["bot", "provider"] as const;
export type Deactivator = (typeof deactivators)[number];

/**
 * What happens to the older secrets of a rotation once they are idle: the managers are asked to delete
 * them (`ask`), or the bot deletes them itself (`auto`).
 */
export const retireChoices = ["ask", "auto"] as const;
export type RetireChoice = (typeof retireChoices)[number];

export const reminderChannels = ["email", "slack", "teams"] as const;
/** What the outbox beside reminders carries: notices to people, and webhook deliveries. */
export const outboxKinds = ["notice", "webhook"] as const;
export type OutboxKind = (typeof outboxKinds)[number];

export const reminderStatuses = ["pending", "claimed", "sent", "failed", "printed"] as const;

export const teamsConversationKinds = ["personal", "groupChat", "channel"] as const;

export const accessRequestStatuses = ["open", "approved", "denied", "lapsed"] as const;
export type AccessRequestStatus = (typeof accessRequestStatuses)[number];

/** Where a person can be known by a chat identity: the chat platforms, and the console. */
export const identityPlatforms = ["slack", "teams", "console"] as const;
export type IdentityPlatform = (typeof identityPlatforms)[number];

/** The chat platforms the bot posts to: alert channels and notices of access requests. */
export const chatPlatforms = ["slack", "teams"] as const;
export type ChatPlatform = (typeof chatPlatforms)[number];

/** Destructive actions that wait for their requester's confirmation. */
export const confirmationActions = ["delete_secret"] as const;
export type ConfirmationAction = (typeof confirmationActions)[number];
