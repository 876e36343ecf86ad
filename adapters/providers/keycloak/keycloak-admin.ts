/**
 * The few Keycloak Admin REST API calls the provider makes, under `{url}/admin/realms/{realm}`:
 * clients (listed, searched, read), `client-secret` (regenerate) and `client-secret/rotated`
 * (invalidate). Each answer is checked: 403 is a refusal naming the roles the bot needs, 404 a client
 * that is gone, anything not documented an outage.
 */
import type { AppError } from "../../../src/errors.js";
import type { ProviderApplication } from "../../../src/ports/secret-provider.js";
import { AnswerCheck } from "../http/answer-check.js";
import type { ProviderCallError, ProviderFailures } from "../http/provider-error.js";
import type { ProviderHttp } from "../http/provider-http.js";
import {
  KeycloakClient as Client,
  CredentialRepresentation,
  hasSecret,
  type KeycloakClient,
  KeycloakClients,
} from "./keycloak-schemas.js";

/** Clients per page when listing; Keycloak's own default is 100. */
const PAGE = 100;
/** A bound on paging, so a misbehaving server cannot keep the bot listing for ever. */
const MAX_PAGES = 100;

export class KeycloakAdmin {
  private readonly check: AnswerCheck;

  constructor(
    private readonly http: ProviderHttp,
    private readonly failures: ProviderFailures,
    private readonly base: string,
  ) {
    this.check = new AnswerCheck(http, failures);
  }

  /** The client's Keycloak id: the one recorded at import, else looked up by clientId; NOT_FOUND when there is none. */
  async uuidOf(app: ProviderApplication): Promise<string> {
    const uuid = await this.findUuid(app);
    if (uuid === null) throw this.failures.missingApplication(app.clientId, this.error("findClient", 404, null));
    return uuid;
  }

  /** The client's Keycloak id, or null when the realm has no client with this clientId. */
  async findUuid(app: ProviderApplication): Promise<string | null> {
    if (app.providerRef) return app.providerRef;
    const answer = await this.http.send(
      "findClient",
      "GET",
      `${this.base}/clients?clientId=${encodeURIComponent(app.clientId)}`,
    );
    this.check.refuse("findClient", app, answer);
    const [client] = this.check.parse(KeycloakClients, "findClient", answer);
    return client?.id ?? null;
  }

  /** The client's representation, or null when it is gone. */
  async findClient(uuid: string): Promise<KeycloakClient | null> {
    const answer = await this.http.send("getClient", "GET", `${this.base}/clients/${encodeURIComponent(uuid)}`);
    if (answer.status === 404) return null;
    this.check.refuse("getClient", null, answer);
    return this.check.parse(Client, "getClient", answer);
  }

  /** The client's representation; NOT_FOUND when it is gone. */
  async client(app: ProviderApplication, uuid: string): Promise<KeycloakClient> {
    const client = await this.findClient(uuid);
    if (client === null) throw this.failures.missingApplication(app.clientId, this.error("getClient", 404, null));
    return client;
  }

  /** POST client-secret: a new current secret; the value is returned this once. */
  async regenerate(app: ProviderApplication, uuid: string): Promise<string> {
    const answer = await this.http.send("regenerateSecret", "POST", `${this.url(uuid)}/client-secret`);
    this.check.refuse("regenerateSecret", app, answer);
    return this.check.parse(CredentialRepresentation, "regenerateSecret", answer).value;
  }

  /** DELETE client-secret/rotated: the previous secret stops working; one already gone counts as done. */
  async invalidateRotated(app: ProviderApplication, uuid: string): Promise<void> {
    const answer = await this.http.send("invalidateRotatedSecret", "DELETE", `${this.url(uuid)}/client-secret/rotated`);
    if (answer.status === 404) return;
    this.check.refuse("invalidateRotatedSecret", app, answer);
  }

  /** Lists one client: Keycloak accepts the bot's service account and its view-clients role. */
  async checkAccess(): Promise<void> {
    const answer = await this.http.send("listClients", "GET", `${this.base}/clients?first=0&max=1`);
    this.check.refuse("listClients", null, answer);
  }

  /** Confidential clients with a secret whose clientId starts with `prefix` (every one without), page by page. */
  async clients(prefix?: string): Promise<KeycloakClient[]> {
    const found: KeycloakClient[] = [];
    const search = prefix ? `clientId=${encodeURIComponent(prefix)}&search=true&` : "";
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = `${this.base}/clients?${search}first=${page * PAGE}&max=${PAGE}`;
      const answer = await this.http.send("listClients", "GET", url);
      this.check.refuse("listClients", null, answer);
      const clients = this.check.parse(KeycloakClients, "listClients", answer);
      // Keycloak's search matches anywhere in the clientId; the filter is a prefix.
      found.push(...clients.filter((c) => hasSecret(c) && (!prefix || c.clientId.startsWith(prefix))));
      if (clients.length < PAGE) break;
    }
    return found;
  }

  /** An answer that is not the documented shape: an outage, not data. */
  unexpected(operation: string, status = 200): AppError {
    return this.check.unexpected(operation, status);
  }

  private url(uuid: string): string {
    return `${this.base}/clients/${encodeURIComponent(uuid)}`;
  }

  private error(operation: string, status: number, json: unknown): ProviderCallError {
    return this.http.error(operation, status, json);
  }
}
