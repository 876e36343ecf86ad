/** The closed sets of values stored in the database, shared by both dialects' schemas and the code. */
export const roles = ["manager", "viewer"] as const;
export type Role = (typeof roles)[number];

export const providerNames = ["builtin", "entra"] as const;

export const reminderChannels = ["email", "slack", "teams"] as const;
export const reminderStatuses = ["pending", "claimed", "sent", "failed", "printed"] as const;

export const teamsConversationKinds = ["personal", "groupChat", "channel"] as const;

export const accessRequestStatuses = ["open", "approved", "denied", "lapsed"] as const;
export type AccessRequestStatus = (typeof accessRequestStatuses)[number];
