/**
 * Okta as the secret provider: the OAuth 2.0 client secrets of an org's OIDC apps, through the
 * Management API (`/api/v1/apps/{appId}/credentials/secrets`) with the bot's API token (SSWS). Okta
 * holds at most two secrets per app, deletes in two steps (deactivate, then delete) and never expires a
 * secret by itself: the bot's lifetime is the expiry, and the reminder pass deactivates a secret that
 * reaches it. The value is returned once, at creation, and never stored.
 */
import {
  type CreatedSecret,
  type DeletionOutcome,
  independentSecrets,
  type ProviderApplication,
  type ProviderApplicationRecord,
  type ProviderSecret,
  type SecretProvider,
} from "../../../src/ports/secret-provider.js";
import { fixedToken } from "../http/bot-credentials.js";
import { ProviderHttp, type ProviderRuntime, providerRuntime } from "../http/provider-http.js";
import { OktaAppsApi } from "./okta-apps-api.js";
import { OKTA, oktaFailures } from "./okta-errors.js";
import { readOktaError, toProviderSecret } from "./okta-schemas.js";

export type OktaProviderOptions = ProviderRuntime & {
  orgUrl: string;
  apiToken: string;
  /** The bot's lifetime, for secrets made in the Okta console (Okta keeps no expiry). */
  defaultLifetimeDays: number;
};

/** Okta's X-Rate-Limit-Reset: when the rate-limit window resets, in UTC epoch seconds. */
const rateLimitReset = (headers: Headers, now: Date): number | undefined => {
  const reset = Number(headers.get("x-rate-limit-reset"));
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now.getTime()) : undefined;
};

export class OktaSecretProvider implements SecretProvider {
  readonly name = "okta" as const;
  readonly label = OKTA;
  /** Okta sets no cap: its secrets never expire by themselves. */
  readonly maxLifetimeDays = 3650;
  /** Okta holds two secrets per app, refuses a third, deletes in two steps and never expires one by itself. */
  readonly capabilities = {
    ...independentSecrets,
    maxSecrets: 2,
    isExpiryEnforcedByBot: true,
    isTwoStepDeletion: true,
  };
  private readonly api: OktaAppsApi;

  constructor(private readonly options: OktaProviderOptions) {
    const http = new ProviderHttp({
      ...providerRuntime(options),
      provider: "okta",
      service: "the Okta API",
      credentials: fixedToken(`SSWS ${options.apiToken}`),
      readError: readOktaError,
      failures: oktaFailures,
      waitOf: rateLimitReset,
    });
    this.api = new OktaAppsApi(http, oktaFailures, `${options.orgUrl}/api/v1`);
  }

  /** Adds a secret; Okta generates the value and returns it this once. The bot's lifetime is its expiry. */
  async createSecret(app: ProviderApplication, input: { expiresAt: Date }): Promise<CreatedSecret> {
    const created = await this.api.create(app);
    return {
      keyId: created.id,
      hint: created.client_secret.slice(0, 3),
      value: created.client_secret,
      hash: null,
      expiresAt: input.expiresAt,
    };
  }

  /** Deactivates (when active), then deletes; a secret or app that is already gone counts as deleted. */
  async deleteSecret(app: ProviderApplication, keyId: string): Promise<DeletionOutcome> {
    const secret = await this.api.secret(app, keyId);
    if (secret === null) return {};
    if (secret.status === "ACTIVE" && (await this.api.deactivate(app, keyId)) === "gone") return {};
    await this.api.delete(app, keyId);
    return {};
  }

  /** Deactivates a secret that reached the bot's expiry; Okta keeps it (inactive) until it is deleted. */
  deactivateSecret(app: ProviderApplication, keyId: string): Promise<"deactivated" | "gone"> {
    return this.api.deactivate(app, keyId);
  }

  /** The app's secrets, or null when Okta has no such app for the bot. */
  async listSecrets(app: ProviderApplication): Promise<ProviderSecret[] | null> {
    const secrets = await this.api.secrets(app);
    return secrets === null ? null : secrets.map((s) => toProviderSecret(s, this.options.defaultLifetimeDays));
  }

  /** The OIDC apps with client secrets that Okta's `filter` expression matches (all without one), with their secrets. */
  /** One authenticated request that proves the bot's API token. */
  checkAccess(): Promise<void> {
    return this.api.checkAccess();
  }

  async findApplications(filter?: string): Promise<ProviderApplicationRecord[]> {
    const found: ProviderApplicationRecord[] = [];
    for (const { app, clientId } of await this.api.apps(filter)) {
      const ref = { id: 0, clientId, name: app.label ?? clientId, providerRef: app.id };
      const secrets = (await this.api.secrets(ref)) ?? [];
      found.push({
        clientId,
        providerRef: app.id,
        displayName: app.label || clientId,
        secrets: secrets.map((s) => toProviderSecret(s, this.options.defaultLifetimeDays)),
      });
    }
    return found;
  }
}
