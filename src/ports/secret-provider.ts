/** What a provider needs to know of an application. */
export type ProviderApplication = {
  id: number;
  clientId: string;
  name: string;
  providerRef: string | null;
};

/** A secret just created at the provider. `value` is handed to its creator once and never stored. */
export type CreatedSecret = {
  keyId: string;
  hint: string;
  value: string;
  /** Keyed hash to store (built-in provider only); never the value. */
  hash: string | null;
  expiresAt: Date;
};

/** Metadata of a secret as the provider holds it; never a value. */
export type ProviderSecret = {
  keyId: string;
  hint: string;
  displayName: string;
  /** When the secret became valid, when the provider says so. */
  createdAt: Date | null;
  expiresAt: Date;
};

/** An application as registered at the provider (e.g. an Entra app registration). */
export type ProviderApplicationRecord = {
  clientId: string;
  /** The provider's own reference, e.g. the Entra object id. */
  providerRef: string;
  displayName: string;
  secrets: ProviderSecret[];
};

/** A secret holder: the built-in store or Microsoft Entra ID. */
export interface SecretProvider {
  readonly name: "builtin" | "entra";
  /** The provider's own cap on a secret's lifetime, in days. */
  readonly maxLifetimeDays: number;
  /** Creates a secret at the provider. Throws AppError PROVIDER_UNAVAILABLE when it cannot be reached. */
  createSecret(
    app: ProviderApplication,
    input: { displayName: string; expiresAt: Date; now: Date },
  ): Promise<CreatedSecret>;
  /** Removes a secret at the provider; a key that is already gone counts as removed. */
  deleteSecret(app: ProviderApplication, keyId: string): Promise<void>;
  /**
   * Every secret the provider holds for the application (metadata only), or null when the provider
   * has no such application for us. Only providers that keep secrets outside the bot implement it.
   * Throws AppError PROVIDER_UNAVAILABLE when the provider cannot be reached.
   */
  listSecrets?(app: ProviderApplication): Promise<ProviderSecret[] | null>;
  /**
   * The applications registered at the provider that match `filter` (in the provider's own query
   * language), each with its secrets' metadata. Only providers with their own registry implement it.
   */
  findApplications?(filter?: string): Promise<ProviderApplicationRecord[]>;
}
