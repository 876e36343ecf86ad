/**
 * Microsoft Entra ID as the secret provider: client secrets are password credentials of app
 * registrations, managed through Microsoft Graph v1.0 (`addPassword`, `removePassword`,
 * `passwordCredentials`). The bot never stores a value; `secretText` is handed back once and dropped.
 */
import { AppError } from "../../../src/errors.js";
import type { Logger } from "../../../src/log.js";
import { errors } from "../../../src/messages/errors.js";
import type { Clock } from "../../../src/ports/clock.js";
import type {
  CreatedSecret,
  ProviderApplication,
  ProviderApplicationRecord,
  ProviderSecret,
  SecretProvider,
} from "../../../src/ports/secret-provider.js";
import { GraphClient, graphError } from "./graph-client.js";
import { GraphError, missingApplication, refused, unavailable } from "./graph-error.js";
import { AddedPassword, ApplicationPage, GraphApplication, toProviderSecret } from "./graph-schemas.js";
import { defaultRetryPolicy, type RetryPolicy } from "./retry-after.js";
import { graphTokenSource } from "./token-source.js";

const SELECT = "$select=id,appId,displayName,passwordCredentials";
/** A bound on paging, so a misbehaving nextLink chain cannot loop for ever. */
const MAX_PAGES = 200;

export type EntraProviderOptions = {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  graphUrl: string;
  authorityUrl: string;
  clock: Clock;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
};

export class EntraSecretProvider implements SecretProvider {
  readonly name = "entra" as const;
  /** Entra's own cap on a password credential's lifetime (two years). */
  readonly maxLifetimeDays = 730;
  private readonly graph: GraphClient;
  private readonly base: string;
  private readonly log: Logger;

  constructor(options: EntraProviderOptions) {
    const timeoutMs = options.timeoutMs ?? 15_000;
    this.base = `${options.graphUrl.replace(/\/+$/, "")}/v1.0`;
    this.log = options.log;
    const tokens = graphTokenSource({ ...options, timeoutMs });
    const retry = { ...defaultRetryPolicy, ...options.retry };
    this.graph = new GraphClient({ tokens, clock: options.clock, log: options.log, retry, timeoutMs });
  }

  /** Adds a password credential; Graph generates the value and returns it this once. */
  async createSecret(
    app: ProviderApplication,
    input: { displayName: string; expiresAt: Date; now: Date },
  ): Promise<CreatedSecret> {
    const body = { passwordCredential: { displayName: input.displayName, endDateTime: input.expiresAt.toISOString() } };
    const answer = await this.graph.send("addPassword", "POST", `${this.appUrl(app)}/addPassword`, body);
    this.refuseFailure("addPassword", app, answer);
    const added = AddedPassword.safeParse(answer.json);
    if (!added.success) throw unavailable(new GraphError("addPassword", answer.status, "unexpected_response", ""));
    const { keyId, hint, secretText, endDateTime } = added.data;
    return { keyId, hint, value: secretText, hash: null, expiresAt: endDateTime };
  }

  /** Removes a password credential; an app registration or key that is already gone counts as removed. */
  async deleteSecret(app: ProviderApplication, keyId: string): Promise<void> {
    const answer = await this.graph.send("removePassword", "POST", `${this.appUrl(app)}/removePassword`, { keyId });
    if (answer.status < 300) return;
    if (answer.status === 404) {
      this.log.warn(
        { application: app.clientId, keyId },
        "app registration not found at Entra; its secret counts as removed",
      );
      return;
    }
    // Graph answers 400 for a keyId the application does not hold: look before calling it done.
    if (answer.status === 400) {
      const secrets = await this.listSecrets(app);
      if (secrets === null || !secrets.some((s) => s.keyId === keyId)) return;
    }
    throw refused(graphError("removePassword", answer.status, answer.json));
  }

  /** The password credentials of one app registration, or null when Graph has none for this clientId. */
  async listSecrets(app: ProviderApplication): Promise<ProviderSecret[] | null> {
    const answer = await this.graph.send("getApplication", "GET", `${this.appUrl(app)}?${SELECT}`);
    if (answer.status === 404) return null;
    this.refuseFailure("getApplication", app, answer);
    const parsed = GraphApplication.safeParse(answer.json);
    if (!parsed.success) throw unavailable(new GraphError("getApplication", answer.status, "unexpected_response", ""));
    return parsed.data.passwordCredentials.map(toProviderSecret);
  }

  /** Every app registration the bot can see that matches the OData `filter`, following `@odata.nextLink`. */
  async findApplications(filter?: string): Promise<ProviderApplicationRecord[]> {
    const query = filter ? `$filter=${encodeURIComponent(filter)}&${SELECT}` : SELECT;
    const found: ProviderApplicationRecord[] = [];
    let url: string | undefined = `${this.base}/applications?${query}`;
    for (let page = 0; url !== undefined && page < MAX_PAGES; page++) {
      const answer = await this.graph.send("listApplications", "GET", url);
      if (answer.status === 400 && page === 0) {
        throw new AppError("VALIDATION", errors.providerFilterRejected(filter ?? ""), {
          cause: graphError("listApplications", answer.status, answer.json),
        });
      }
      if (answer.status >= 300) throw refused(graphError("listApplications", answer.status, answer.json));
      const parsed = ApplicationPage.safeParse(answer.json);
      if (!parsed.success)
        throw unavailable(new GraphError("listApplications", answer.status, "unexpected_response", ""));
      for (const app of parsed.data.value) {
        const secrets = app.passwordCredentials.map(toProviderSecret);
        found.push({ clientId: app.appId, providerRef: app.id, displayName: app.displayName ?? app.appId, secrets });
      }
      url = this.sameOrigin(parsed.data["@odata.nextLink"]);
    }
    return found;
  }

  /** Graph addresses an application by its appId (our clientId) with OData key syntax. */
  private appUrl(app: ProviderApplication): string {
    return `${this.base}/applications(appId='${encodeURIComponent(app.clientId.replaceAll("'", "''"))}')`;
  }

  private refuseFailure(operation: string, app: ProviderApplication, answer: { status: number; json: unknown }) {
    if (answer.status < 300) return;
    const cause = graphError(operation, answer.status, answer.json);
    throw answer.status === 404 ? missingApplication(app.clientId, cause) : refused(cause);
  }

  /** The bearer token goes only to Graph: a next page anywhere else is refused. */
  private sameOrigin(next: string | undefined): string | undefined {
    if (next === undefined) return undefined;
    if (new URL(next).origin === new URL(this.base).origin) return next;
    throw unavailable(new GraphError("listApplications", 200, "foreign_next_link", new URL(next).origin));
  }
}
