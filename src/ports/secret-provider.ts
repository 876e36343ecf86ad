import type { CredentialKind, ProviderName } from "../../db/vocabulary.js";

/** What a provider needs to know of an application. */
export type ProviderApplication = {
  id: number;
  clientId: string;
  name: string;
  providerRef: string | null;
};

/** Metadata of a credential as the provider holds it; never a value. */
export type ProviderSecret = {
  keyId: string;
  hint: string;
  displayName: string;
  /** When the secret became valid, when the provider says so. */
  createdAt: Date | null;
  expiresAt: Date;
  /** A certificate the bot only watches (Entra keyCredentials); a client secret when absent. */
  kind?: CredentialKind;
  /**
   * False when the provider sets no expiry and `expiresAt` is only the bot's default for a secret found
   * there (Keycloak without a rotation policy): a secret the bot already knows keeps its own expiry.
   */
  isExpirySetByProvider?: boolean;
  /**
   * False for a secret deactivated at the provider (Okta keeps it, inactive, until it is deleted): it
   * no longer works. Absent where the provider has no such state.
   */
  isActive?: boolean;
};

/** A secret just created at the provider. `value` is handed to its creator once and never stored. */
export type CreatedSecret = {
  keyId: string;
  hint: string;
  value: string;
  /** Keyed hash to store (built-in provider only); never the value. */
  hash: string | null;
  expiresAt: Date;
  /**
   * Every secret the application holds at the provider afterwards, for providers where creating one
   * changes others (Keycloak: the previous secret becomes the rotated one, with a shorter expiry, and
   * the one before it ends). Absent: nothing else changed.
   */
  remaining?: ProviderSecret[];
};

/** What deleting did to the application's other secrets (see CreatedSecret.remaining). */
export type DeletionOutcome = { remaining?: ProviderSecret[] };

/** An application as registered at the provider (an Entra app registration, a Keycloak client, an Okta app). */
export type ProviderApplicationRecord = {
  clientId: string;
  /** The provider's own reference, e.g. the Entra object id. */
  providerRef: string;
  displayName: string;
  secrets: ProviderSecret[];
};

/**
 * What a provider can do, so commands, help and messages follow from it instead of asking which
 * provider it is. The wording that goes with each lives in src/messages/provider.ts.
 */
export type ProviderCapabilities = {
  /** Most secrets one application holds at the provider at once; null when only SECRET_MAX_ACTIVE limits it. */
  maxSecrets: number | null;
  /**
   * A new secret for a full application ends its oldest (Keycloak regenerates, keeping one previous
   * secret) instead of being refused (Okta).
   */
  isEndingOldestWhenFull: boolean;
  /**
   * An application always has a current secret: deleting it makes the provider generate a new one that
   * nobody sees (Keycloak cannot leave a confidential client without a secret).
   */
  hasCurrentSecret: boolean;
  /** Secrets never expire by themselves: the bot ends each at the expiry it set (Okta: it deactivates them). */
  isExpiryEnforcedByBot: boolean;
  /** Deleting an active secret takes two steps at the provider: deactivate, then delete (Okta). */
  isTwoStepDeletion: boolean;
  /** Applications also hold certificates, which the bot lists and reminds about but never creates (Entra). */
  hasCertificates: boolean;
  /**
   * Where evidence of each secret's use comes from: the bot records it itself (the built-in token
   * endpoint), the provider reports it (`readUsage`; Entra's sign-in activity), or nowhere (Keycloak,
   * Okta): then a rotation's state is unknown and nothing is retired on the evidence.
   */
  usage: "recorded" | "reported" | "none";
};

/** A provider whose secrets are independent of each other and end at their own expiry (built-in; Entra adds certificates). */
export const independentSecrets: ProviderCapabilities = {
  maxSecrets: null,
  isEndingOldestWhenFull: false,
  hasCurrentSecret: false,
  isExpiryEnforcedByBot: false,
  isTwoStepDeletion: false,
  hasCertificates: false,
  usage: "none",
};

/** What creating a secret now would end at the provider (Keycloak), so the person can be asked first. */
export type CreatePlan = {
  /** Key ids of the secrets that creating now ends. */
  ends: string[];
  /** Whether the provider keeps the current secret as a previous one (Keycloak: the realm's rotation policy). */
  keepsPrevious: boolean;
};

/** A secret holder: the built-in store, Microsoft Entra ID, Keycloak or Okta. */
export interface SecretProvider {
  readonly name: ProviderName;
  /** The provider's name in messages, e.g. "Microsoft Entra". */
  readonly label: string;
  /** The provider's own cap on a secret's lifetime, in days. */
  readonly maxLifetimeDays: number;
  readonly capabilities: ProviderCapabilities;
  /** Creates a secret at the provider. Throws AppError PROVIDER_UNAVAILABLE when it cannot be reached. */
  createSecret(
    app: ProviderApplication,
    input: { displayName: string; expiresAt: Date; now: Date },
  ): Promise<CreatedSecret>;
  /** Removes a secret at the provider; a key that is already gone counts as removed. */
  deleteSecret(app: ProviderApplication, keyId: string): Promise<DeletionOutcome>;
  /**
   * Every credential the provider holds for the application (metadata only), or null when the provider
   * has no such application for us. Only providers that keep secrets outside the bot implement it.
   * Throws AppError PROVIDER_UNAVAILABLE when the provider cannot be reached.
   */
  listSecrets?(app: ProviderApplication): Promise<ProviderSecret[] | null>;
  /**
   * The applications registered at the provider that match `filter` (in the provider's own query
   * language), each with its secrets' metadata. Only providers with their own registry implement it.
   */
  findApplications?(filter?: string): Promise<ProviderApplicationRecord[]>;
  /**
   * One cheap authenticated request that proves the bot's own credentials (and its permission to read
   * the applications), for a sync with nothing to list. Throws the same AppErrors as any other call.
   */
  checkAccess?(): Promise<void>;
  /** What creating a secret now would end (providers with isEndingOldestWhenFull). */
  planCreate?(app: ProviderApplication): Promise<CreatePlan>;
  /**
   * Deactivates a secret that reached the expiry the bot set (providers with isExpiryEnforcedByBot).
   * Resolves "gone" when the provider no longer has it; a secret already inactive counts as deactivated.
   */
  deactivateSecret?(app: ProviderApplication, keyId: string): Promise<"deactivated" | "gone">;
  /**
   * The last use the provider reports of each of the application's credentials, by key id (providers
   * whose `usage` is "reported"); a credential without a use is absent. Throws AppError
   * PROVIDER_UNAVAILABLE when the provider cannot be reached, and UsageUnreadable when the bot may not
   * read the report.
   */
  readUsage?(app: ProviderApplication): Promise<Map<string, Date>>;
}

/** The provider does not let the bot read its usage report; `permission` names what it needs. */
export class UsageUnreadable extends Error {
  constructor(readonly permission: string) {
    super(`the usage report needs ${permission}`);
  }
}
