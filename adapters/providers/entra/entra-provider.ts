/**
 * Microsoft Entra ID as the secret provider: client secrets are password credentials of app
 * registrations, managed through Microsoft Graph v1.0 (`addPassword`, `removePassword`,
 * `passwordCredentials`). Certificates (`keyCredentials`) are listed so reminders cover them; the bot
 * never creates one. The bot never stores a value; `secretText` is handed back once and dropped.
 */
import { AppError } from "../../../src/errors.js";
import type { Logger } from "../../../src/log.js";
import { errors } from "../../../src/messages/errors.js";
import { providerLabels } from "../../../src/messages/provider.js";
import {
  type CreatedSecret,
  type DeletionOutcome,
  independentSecrets,
  type ProviderApplication,
  type ProviderApplicationRecord,
  type ProviderSecret,
  type SecretProvider,
  UsageUnreadable,
} from "../../../src/ports/secret-provider.js";
import { withoutTrailingSlashes } from "../../../src/urls.js";
import { microsoftTokenUrl } from "../../oauth/client-credentials.js";
import { AnswerCheck } from "../http/answer-check.js";
import { botToken } from "../http/bot-credentials.js";
import { providerFailures } from "../http/provider-error.js";
import { DEFAULT_TIMEOUT_MS, ProviderHttp, type ProviderRuntime, providerRuntime } from "../http/provider-http.js";
import {
  AddedPassword,
  ApplicationPage,
  credentialsOf,
  GraphApplication,
  readODataError,
  SignInActivityPage,
} from "./graph-schemas.js";

const SELECT = "$select=id,appId,displayName,passwordCredentials,keyCredentials";
/** What reading each credential's last sign-in needs (Graph answers 403 without it). */
export const SIGN_IN_PERMISSION = "the AuditLog.Read.All application permission (Microsoft Graph)";
/** A bound on paging, so a misbehaving nextLink chain cannot loop for ever. */
const MAX_PAGES = 200;

const ENTRA = providerLabels.entra;

const failures = providerFailures(ENTRA, {
  permission: "the bot may manage this app registration (it must be one of its owners)",
  noun: "app registration",
  missing: "that it still exists and that the bot is one of its owners",
  credentials: "ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET (the secret may have expired)",
});

export type EntraProviderOptions = ProviderRuntime & {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  graphUrl: string;
  authorityUrl: string;
};

export class EntraSecretProvider implements SecretProvider {
  readonly name = "entra" as const;
  readonly label = ENTRA;
  /** Entra's own cap on a password credential's lifetime (two years). */
  readonly maxLifetimeDays = 730;
  readonly capabilities = { ...independentSecrets, hasCertificates: true, usage: "reported" as const };
  private readonly graph: ProviderHttp;
  private readonly check: AnswerCheck;
  private readonly base: string;
  private readonly beta: string;
  private readonly log: Logger;

  constructor(options: EntraProviderOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const graphUrl = withoutTrailingSlashes(options.graphUrl);
    this.base = `${graphUrl}/v1.0`;
    this.beta = `${graphUrl}/beta`;
    this.log = options.log;
    const credentials = botToken({
      ...options,
      tokenUrl: microsoftTokenUrl(options.authorityUrl, options.tenantId),
      scope: `${graphUrl}/.default`,
      label: ENTRA,
      timeoutMs,
      failures,
    });
    this.graph = new ProviderHttp({
      ...providerRuntime(options),
      provider: "entra",
      service: "Microsoft Graph",
      credentials,
      timeoutMs,
      readError: readODataError,
      failures,
    });
    this.check = new AnswerCheck(this.graph, failures);
  }

  /** Adds a password credential; Graph generates the value and returns it this once. */
  async createSecret(
    app: ProviderApplication,
    input: { displayName: string; expiresAt: Date; now: Date },
  ): Promise<CreatedSecret> {
    const body = { passwordCredential: { displayName: input.displayName, endDateTime: input.expiresAt.toISOString() } };
    const answer = await this.graph.send("addPassword", "POST", `${this.appUrl(app)}/addPassword`, body);
    this.check.refuse("addPassword", app, answer);
    const { keyId, hint, secretText, endDateTime } = this.check.parse(AddedPassword, "addPassword", answer);
    return { keyId, hint, value: secretText, hash: null, expiresAt: endDateTime };
  }

  /** Removes a password credential; an app registration or key that is already gone counts as removed. */
  async deleteSecret(app: ProviderApplication, keyId: string): Promise<DeletionOutcome> {
    const answer = await this.graph.send("removePassword", "POST", `${this.appUrl(app)}/removePassword`, { keyId });
    if (answer.status < 300) return {};
    if (answer.status === 404) {
      this.log.warn(
        { application: app.clientId, keyId },
        "app registration not found at Entra; its secret counts as removed",
      );
      return {};
    }
    // Graph answers 400 for a keyId the application does not hold: look before calling it done.
    if (answer.status === 400) {
      const secrets = await this.listSecrets(app);
      if (secrets === null || !secrets.some((s) => s.keyId === keyId)) return {};
    }
    throw failures.refused(this.graph.error("removePassword", answer.status, answer.json));
  }

  /** The secrets and certificates of one app registration, or null when Graph has none for this clientId. */
  async listSecrets(app: ProviderApplication): Promise<ProviderSecret[] | null> {
    const answer = await this.graph.send("getApplication", "GET", `${this.appUrl(app)}?${SELECT}`);
    if (answer.status === 404) return null;
    this.check.refuse("getApplication", app, answer);
    return credentialsOf(this.check.parse(GraphApplication, "getApplication", answer));
  }

  /** Lists one app registration: Graph accepts the bot's credentials and its permission to read them. */
  async checkAccess(): Promise<void> {
    const answer = await this.graph.send("listApplications", "GET", `${this.base}/applications?$top=1&$select=id`);
    this.check.refuse("listApplications", null, answer);
  }

  /** Every app registration the bot can see that matches the OData `filter`, following `@odata.nextLink`. */
  async findApplications(filter?: string): Promise<ProviderApplicationRecord[]> {
    const query = filter ? `$filter=${encodeURIComponent(filter)}&${SELECT}` : SELECT;
    const found: ProviderApplicationRecord[] = [];
    let url: string | undefined = `${this.base}/applications?${query}`;
    for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
      const answer = await this.graph.send("listApplications", "GET", url);
      if (answer.status === 400 && page === 0) {
        throw new AppError(
          "VALIDATION",
          errors.providerFilterRejected(filter ?? "", "an OData filter such as startswith(displayName,'Partner-NL-')"),
          { cause: this.graph.error("listApplications", answer.status, answer.json) },
        );
      }
      this.check.refuse("listApplications", null, answer);
      const listed = this.check.parse(ApplicationPage, "listApplications", answer);
      for (const app of listed.value) {
        const record = { clientId: app.appId, providerRef: app.id, displayName: app.displayName ?? app.appId };
        found.push({ ...record, secrets: credentialsOf(app) });
      }
      const next = listed["@odata.nextLink"];
      url = next === undefined ? undefined : this.check.sameOrigin("listApplications", next, this.base);
    }
    return found;
  }

  /**
   * Each credential's last sign-in, by key id, from the beta report `appCredentialSignInActivities`
   * filtered by the application's appId, following every page. Throttling and outages are handled as
   * for every Graph call; a refusal (403: no AuditLog.Read.All) is UsageUnreadable.
   */
  async readUsage(app: ProviderApplication): Promise<Map<string, Date>> {
    const filter = encodeURIComponent(`appId eq '${app.clientId.replaceAll("'", "''")}'`);
    const base = `${this.beta}/reports/appCredentialSignInActivities`;
    const lastUse = new Map<string, Date>();
    let url: string | undefined = `${base}?$filter=${filter}`;
    for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
      const answer = await this.graph.send("appCredentialSignInActivities", "GET", url);
      if (answer.status === 403) throw new UsageUnreadable(SIGN_IN_PERMISSION);
      this.check.refuse("appCredentialSignInActivities", null, answer);
      const listed = this.check.parse(SignInActivityPage, "appCredentialSignInActivities", answer);
      for (const row of listed.value) {
        const at = row.signInActivity?.lastSignInDateTime;
        if (!row.keyId || !at) continue;
        const seen = lastUse.get(row.keyId);
        if (!seen || seen < at) lastUse.set(row.keyId, at);
      }
      const next = listed["@odata.nextLink"];
      url = next === undefined ? undefined : this.check.sameOrigin("appCredentialSignInActivities", next, this.beta);
    }
    return lastUse;
  }

  /** Graph addresses an application by its appId (our clientId) with OData key syntax. */
  private appUrl(app: ProviderApplication): string {
    return `${this.base}/applications(appId='${encodeURIComponent(app.clientId.replaceAll("'", "''"))}')`;
  }
}
