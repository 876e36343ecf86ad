import { randomUUID } from "node:crypto";
import { providerLabels } from "../../../src/messages/provider.js";
import {
  type CreatedSecret,
  type DeletionOutcome,
  independentSecrets,
  type ProviderApplication,
  type SecretProvider,
} from "../../../src/ports/secret-provider.js";
import { generateSecret, hashSecret } from "./secret-format.js";

/** The embedded provider: the database row is the secret, stored as a keyed hash and a hint. */
export class BuiltinSecretProvider implements SecretProvider {
  readonly name = "builtin" as const;
  readonly label = providerLabels.builtin;
  readonly capabilities = { ...independentSecrets, usage: "recorded" as const };
  /** Nothing outside caps it; the configured maximum applies. */
  readonly maxLifetimeDays = 3650;

  constructor(private readonly pepper: Buffer) {}

  async createSecret(_app: ProviderApplication, input: { expiresAt: Date }): Promise<CreatedSecret> {
    const { value, hint } = generateSecret();
    return {
      keyId: randomUUID(),
      hint,
      value,
      hash: hashSecret(this.pepper, value).toString("hex"),
      expiresAt: input.expiresAt,
    };
  }

  /** Deleting the row is the deletion: from that moment the token endpoint refuses the secret. */
  async deleteSecret(): Promise<DeletionOutcome> {
    return {};
  }
}
