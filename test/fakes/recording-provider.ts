import { randomUUID } from "node:crypto";
import { AppError } from "../../src/errors.js";
import {
  type CreatedSecret,
  type DeletionOutcome,
  independentSecrets,
  type ProviderApplication,
  type SecretProvider,
} from "../../src/ports/secret-provider.js";

type Call = { method: "createSecret" | "deleteSecret"; clientId: string; keyId?: string; displayName?: string };

/** A provider that records every call and can be told to fail or to hand out a fixed key id. */
export class RecordingProvider implements SecretProvider {
  readonly name = "builtin" as const;
  readonly label = "The secret provider";
  readonly capabilities = independentSecrets;
  readonly calls: Call[] = [];
  isDown = false;
  fixedKeyId: string | undefined;

  constructor(readonly maxLifetimeDays = 3650) {}

  async createSecret(
    app: ProviderApplication,
    input: { displayName: string; expiresAt: Date },
  ): Promise<CreatedSecret> {
    this.calls.push({ method: "createSecret", clientId: app.clientId, displayName: input.displayName });
    if (this.isDown)
      throw new AppError(
        "PROVIDER_UNAVAILABLE",
        "❌ The secret provider is not answering; nothing was changed. Try again in a minute.",
      );
    const keyId = this.fixedKeyId ?? randomUUID();
    return { keyId, hint: "fak", value: `fake-secret-value-${keyId}`, hash: null, expiresAt: input.expiresAt };
  }

  async deleteSecret(app: ProviderApplication, keyId: string): Promise<DeletionOutcome> {
    this.calls.push({ method: "deleteSecret", clientId: app.clientId, keyId });
    if (this.isDown)
      throw new AppError(
        "PROVIDER_UNAVAILABLE",
        "❌ The secret provider is not answering; nothing was changed. Try again in a minute.",
      );
    return {};
  }
}
