/**
 * A local HTTP server that answers as Keycloak does: the realm's token endpoint (client credentials for
 * the bot's service-account client) and the Admin REST API routes the bot uses (clients, client-secret,
 * client-secret/rotated), with the realm-management roles checked on every request. It records every
 * request so tests can check each one.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../../src/ports/clock.js";
import { type FakeAnswer, FakeApiServer, type ReceivedRequest } from "./fake-api-server.js";
import { type FakeClient, FakeKeycloakRealm } from "./fake-keycloak-realm.js";

export const REALM = "partners";
export const KC_BOT_CLIENT_ID = "secret-steward";
export const KC_BOT_SECRET = "kc-bot-secret-7Hq2LmN4pR7tV0wY3aB";

const CLIENT = /^\/admin\/realms\/([^/]+)\/clients\/([^/]+)(\/client-secret(?:\/rotated)?)?$/;
const forbidden: FakeAnswer = { status: 403, body: { error: "HTTP 403 Forbidden" } };

export class FakeKeycloak extends FakeApiServer {
  readonly realm: FakeKeycloakRealm;
  readonly issuedTokens: string[] = [];
  readonly validTokens = new Set<string>();
  /** The realm-management roles of the bot's service account. */
  readonly roles = new Set(["view-clients", "manage-clients"]);

  constructor(clock: Clock) {
    super();
    this.realm = new FakeKeycloakRealm(clock);
  }

  static async start(clock: Clock): Promise<FakeKeycloak> {
    const fake = new FakeKeycloak(clock);
    await fake.listen();
    return fake;
  }

  /** The environment that points Secret Steward at this fake as its Keycloak realm. */
  env(): Record<string, string> {
    return {
      SECRET_PROVIDER: "keycloak",
      KEYCLOAK_URL: this.url,
      KEYCLOAK_REALM: REALM,
      KEYCLOAK_CLIENT_ID: KC_BOT_CLIENT_ID,
      KEYCLOAK_CLIENT_SECRET: KC_BOT_SECRET,
    };
  }

  adminRequests(): ReceivedRequest[] {
    return this.requests.filter((r) => r.path.startsWith("/admin/"));
  }

  tokenRequests(): ReceivedRequest[] {
    return this.requests.filter((r) => this.isTokenRequest(r));
  }

  expireTokens(): void {
    this.validTokens.clear();
  }

  protected isTokenRequest(request: ReceivedRequest): boolean {
    return request.method === "POST" && request.path === `/realms/${REALM}/protocol/openid-connect/token`;
  }

  protected token(request: ReceivedRequest): FakeAnswer {
    const form = (request.body ?? {}) as Record<string, string>;
    if (form.grant_type !== "client_credentials") {
      return { status: 400, body: { error: "unsupported_grant_type", error_description: "Unsupported grant_type" } };
    }
    if (form.client_id !== KC_BOT_CLIENT_ID || form.client_secret !== KC_BOT_SECRET) {
      const description = "Invalid client or Invalid client credentials";
      return { status: 401, body: { error: "unauthorized_client", error_description: description } };
    }
    const token = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString("base64url")}.sig`;
    this.issuedTokens.push(token);
    this.validTokens.add(token);
    const body = { access_token: token, expires_in: 300, refresh_expires_in: 0, token_type: "Bearer", scope: "" };
    return { status: 200, body };
  }

  protected authenticate(request: ReceivedRequest): FakeAnswer | null {
    if (this.validTokens.has(request.authorization?.replace(/^Bearer /, "") ?? "")) return null;
    return { status: 401, body: { error: "HTTP 401 Unauthorized" } };
  }

  protected outage(): FakeAnswer {
    return { status: 500, body: { error: "unknown_error" } };
  }

  protected answer(request: ReceivedRequest): FakeAnswer {
    const canView = this.roles.has("view-clients") || this.roles.has("manage-clients");
    const canManage = this.roles.has("manage-clients");
    if (request.method === "GET" && request.path === `/admin/realms/${REALM}/clients`) {
      return canView ? { status: 200, body: this.list(request.query, canManage) } : forbidden;
    }
    const match = CLIENT.exec(request.path);
    if (!match || match[1] !== REALM) return { status: 404, body: { error: "Realm not found." } };
    const client = this.realm.byId(match[2] ?? "");
    if (!client) return { status: 404, body: { error: "Could not find client" } };
    const action = `${request.method} ${match[3] ?? ""}`;
    if (action === "GET ") return canView ? { status: 200, body: represent(client, canManage) } : forbidden;
    if (!canManage) return forbidden;
    if (action === "POST /client-secret") {
      return { status: 200, body: { type: "secret", value: this.realm.regenerate(client) } };
    }
    if (action === "DELETE /client-secret/rotated") {
      this.realm.invalidateRotated(client);
      return { status: 204 };
    }
    return { status: 405, body: { error: "HTTP 405 Method Not Allowed" } };
  }

  /** GET clients: by exact clientId, or with `search=true` by a case-insensitive part of it; `first`/`max` pages. */
  private list(query: Record<string, string>, canManage: boolean): unknown[] {
    const wanted = query.clientId?.toLowerCase();
    const matches = this.realm.clients.filter((c) => {
      if (wanted === undefined) return true;
      return query.search === "true" ? c.clientId.toLowerCase().includes(wanted) : c.clientId.toLowerCase() === wanted;
    });
    const first = Number(query.first ?? 0);
    const max = Number(query.max ?? 100);
    return matches.slice(first, first + max).map((c) => represent(c, canManage));
  }
}

/** A ClientRepresentation; an admin who may not manage the client gets it without its secrets. */
function represent(client: FakeClient, canManage: boolean): Record<string, unknown> {
  if (canManage) return { ...client, attributes: { ...client.attributes } };
  const attributes = Object.fromEntries(
    Object.entries(client.attributes).filter(([k]) => k !== "client.secret.rotated"),
  );
  return { ...client, secret: undefined, attributes };
}
