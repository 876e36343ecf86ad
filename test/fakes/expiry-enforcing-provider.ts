import { randomUUID } from "node:crypto";
import { AppError } from "../../src/errors.js";
import {
  type CreatedSecret,
  type DeletionOutcome,
  independentSecrets,
  type ProviderApplication,
  type SecretProvider,
} from "../../src/ports/secret-provider.js";

type Call = { method: "createSecret" | "deleteSecret" | "deactivateSecret"; clientId: string; keyId?: string };

/**
 * A provider whose secrets never expire by themselves (like Okta), so the bot deactivates them at the
 * expiry it set. Records every call; can be told to be down, to have lost a secret, or to refuse one.
 */
export class ExpiryEnforcingProvider implements SecretProvider {
  readonly name = "okta" as const;
  readonly label = "The expiry-enforcing provider";
  readonly capabilities = { ...independentSecrets, isExpiryEnforcedByBot: true, isTwoStepDeletion: true };
  readonly maxLifetimeDays = 3650;
  readonly calls: Call[] = [];
  isDown = false;
  /** Key ids the provider no longer has. */
  readonly gone = new Set<string>();
  /** Key ids the provider refuses to deactivate, with the refusal. */
  readonly refusals = new Map<string, AppError>();

  async createSecret(app: ProviderApplication, input: { expiresAt: Date }): Promise<CreatedSecret> {
    this.calls.push({ method: "createSecret", clientId: app.clientId });
    this.failIfDown();
    const keyId = randomUUID();
    return {
      keyId,
      hint: keyId.slice(0, 3),
      value: `enforced-secret-value-${keyId}`,
      hash: null,
      expiresAt: input.expiresAt,
    };
  }

  async deleteSecret(app: ProviderApplication, keyId: string): Promise<DeletionOutcome> {
    this.calls.push({ method: "deleteSecret", clientId: app.clientId, keyId });
    this.failIfDown();
    return {};
  }

  async deactivateSecret(app: ProviderApplication, keyId: string): Promise<"deactivated" | "gone"> {
    this.calls.push({ method: "deactivateSecret", clientId: app.clientId, keyId });
    this.failIfDown();
    const refusal = this.refusals.get(keyId);
    if (refusal) throw refusal;
    return this.gone.has(keyId) ? "gone" : "deactivated";
  }

  private failIfDown(): void {
    if (this.isDown) {
      throw new AppError(
        "PROVIDER_UNAVAILABLE",
        "❌ The expiry-enforcing provider is not answering; nothing was changed. Try again in a minute.",
      );
    }
  }
}
