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
}
