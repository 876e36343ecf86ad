/**
 * Keycloak as the secret provider: a realm's confidential clients, through the Admin REST API as the
 * bot's own service account (client credentials at the realm's token endpoint). Creating regenerates
 * the client secret; where the realm's secret-rotation policy allows, Keycloak keeps the previous one
 * as the rotated secret. Deleting the rotated secret invalidates it; deleting the current one
 * regenerates (Keycloak cannot leave a confidential client without a secret) and drops the value.
 */
import { providerLabels } from "../../../src/messages/provider.js";
import {
  type CreatedSecret,
  type CreatePlan,
  type DeletionOutcome,
  independentSecrets,
  type ProviderApplication,
  type ProviderApplicationRecord,
  type ProviderSecret,
  type SecretProvider,
} from "../../../src/ports/secret-provider.js";
import { botToken } from "../http/bot-credentials.js";
import { providerFailures } from "../http/provider-error.js";
import { DEFAULT_TIMEOUT_MS, ProviderHttp, type ProviderRuntime, providerRuntime } from "../http/provider-http.js";
import { KeycloakAdmin } from "./keycloak-admin.js";
import { readKeycloakError } from "./keycloak-schemas.js";
import { keyIdOf, listOf, readClientSecrets, type SecretReading } from "./keycloak-secrets.js";

const KEYCLOAK = providerLabels.keycloak;

export type KeycloakProviderOptions = ProviderRuntime & {
  /** The server's base URL, e.g. https://sso.example.org (add /auth for Keycloak before version 17). */
  url: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** The key for secrets' fingerprints (the pepper). */
  fingerprintKey: Buffer;
  /** The bot's lifetime, for secrets Keycloak sets no expiry for. */
  defaultLifetimeDays: number;
};

export class KeycloakSecretProvider implements SecretProvider {
  readonly name = "keycloak" as const;
  readonly label = KEYCLOAK;
  /** Keycloak sets no cap of its own; its rotation policy's expiry applies where set. */
  readonly maxLifetimeDays = 3650;
  /** Keycloak keeps the current secret and, under a rotation policy, one previous: a new one ends the oldest. */
  readonly capabilities = {
    ...independentSecrets,
    maxSecrets: 2,
    isEndingOldestWhenFull: true,
    hasCurrentSecret: true,
  };
  private readonly admin: KeycloakAdmin;

  constructor(private readonly options: KeycloakProviderOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const failures = providerFailures(KEYCLOAK, {
      permission: `the bot's service account (${options.clientId}) has the realm-management roles view-clients and manage-clients in realm ${options.realm}`,
      noun: "client",
      missing: `that it still exists in realm ${options.realm}`,
      credentials: `KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET, and that the bot's client (${options.clientId}) has Client authentication and Service accounts roles turned on`,
    });
    const credentials = botToken({
      ...options,
      tokenUrl: `${options.url}/realms/${encodeURIComponent(options.realm)}/protocol/openid-connect/token`,
      label: KEYCLOAK,
      timeoutMs,
      failures,
    });
    const http = new ProviderHttp({
      ...providerRuntime(options),
      provider: "keycloak",
      service: "the Keycloak Admin API",
      credentials,
      timeoutMs,
      readError: readKeycloakError,
      failures,
    });
    this.admin = new KeycloakAdmin(http, failures, `${options.url}/admin/realms/${encodeURIComponent(options.realm)}`);
  }

  /** Regenerates the client's secret; Keycloak returns the value this once, and keeps or ends the previous one. */
  async createSecret(app: ProviderApplication, input: { expiresAt: Date }): Promise<CreatedSecret> {
    const uuid = await this.admin.uuidOf(app);
    const value = await this.admin.regenerate(app, uuid);
    const after = readClientSecrets(await this.admin.client(app, uuid), this.reading());
    const current = after.current;
    const keyId = keyIdOf(this.options, uuid, value);
    if (current?.keyId !== keyId) throw this.admin.unexpected("regenerateSecret");
    const expiresAt = current.isExpirySetByProvider ? current.expiresAt : input.expiresAt;
    return { keyId, hint: value.slice(0, 3), value, hash: null, expiresAt, remaining: listOf(after) };
  }

  /**
   * Invalidates the rotated secret; for the current one, regenerates (dropping the new value: nobody
   * sees it) and invalidates what became the rotated one. A secret already gone counts as deleted.
   */
  async deleteSecret(app: ProviderApplication, keyId: string): Promise<DeletionOutcome> {
    const uuid = await this.admin.findUuid(app);
    if (uuid === null) return {};
    const found = await this.admin.findClient(uuid);
    if (found === null) return {};
    const before = readClientSecrets(found, this.reading());
    if (before.rotated?.keyId === keyId) {
      await this.admin.invalidateRotated(app, uuid);
      return { remaining: listOf({ ...before, rotated: null }) };
    }
    if (before.current?.keyId !== keyId) return { remaining: listOf(before) };
    await this.admin.regenerate(app, uuid);
    const after = readClientSecrets(await this.admin.client(app, uuid), this.reading());
    if (after.rotated) await this.admin.invalidateRotated(app, uuid);
    return { remaining: listOf({ ...after, rotated: null }) };
  }

  /** The client's current and rotated secret, or null when the realm has no such client for the bot. */
  async listSecrets(app: ProviderApplication): Promise<ProviderSecret[] | null> {
    const uuid = await this.admin.findUuid(app);
    const client = uuid === null ? null : await this.admin.findClient(uuid);
    return client === null ? null : listOf(readClientSecrets(client, this.reading()));
  }

  /** The confidential clients whose clientId starts with `filter` (all without one), with their secrets. */
  /** One authenticated request that proves the bot's service account. */
  checkAccess(): Promise<void> {
    return this.admin.checkAccess();
  }

  async findApplications(filter?: string): Promise<ProviderApplicationRecord[]> {
    const found: ProviderApplicationRecord[] = [];
    for (const listed of await this.admin.clients(filter)) {
      // Never the bot's own client: its secret is the bot's credential.
      if (listed.clientId === this.options.clientId) continue;
      const client = await this.admin.findClient(listed.id);
      if (client === null) continue;
      const secrets = listOf(readClientSecrets(client, this.reading()));
      found.push({
        clientId: client.clientId,
        providerRef: client.id,
        displayName: client.name || client.clientId,
        secrets,
      });
    }
    return found;
  }

  /** What regenerating now ends: the rotated secret under a rotation policy, else the current one. */
  async planCreate(app: ProviderApplication): Promise<CreatePlan> {
    const uuid = await this.admin.uuidOf(app);
    const secrets = readClientSecrets(await this.admin.client(app, uuid), this.reading());
    const ending = secrets.keepsPrevious ? secrets.rotated : secrets.current;
    return { ends: ending ? [ending.keyId] : [], keepsPrevious: secrets.keepsPrevious };
  }

  private reading(): SecretReading {
    return { ...this.options, now: this.options.clock.now() };
  }
}
