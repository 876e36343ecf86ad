/**
 * A local HTTP server that answers as Microsoft Graph v1.0 (applications, addPassword, removePassword,
 * OData errors, paging, throttling) and as the Microsoft identity platform's v2.0 token endpoint
 * (client credentials). It records every request it receives so tests can check each one.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../../src/ports/clock.js";
import { type FakeAnswer, FakeApiServer, type ReceivedRequest } from "./fake-api-server.js";
import { type FakeApplication, FakeEntraDirectory } from "./fake-entra-directory.js";
import { answerGraph, odata } from "./fake-graph-routes.js";

export type { ReceivedRequest, ScriptedAnswer } from "./fake-api-server.js";

export const TENANT = "7d2c3e1a-0000-4000-8000-5eed5eed5eed";
export const BOT_CLIENT_ID = "b07b07b0-0000-4000-8000-000000000b07";
export const BOT_CLIENT_SECRET = "bot~credential~Zq9fJx2LmN4pR7tV0wY3";

export class FakeGraph extends FakeApiServer {
  readonly issuedTokens: string[] = [];
  readonly directory: FakeEntraDirectory;
  readonly validTokens = new Set<string>();
  pageSize = 100;
  /** Whether the bot holds AuditLog.Read.All: the sign-in activity report answers 403 without it. */
  mayReadSignIns = true;
  /** What the next requests for the sign-in activity report get instead of their answer (429, 503, …). */
  readonly signInReportScript: FakeAnswer[] = [];
  tokenLifetimeSeconds = 3599;

  constructor(clock: Clock) {
    super();
    this.directory = new FakeEntraDirectory(clock);
  }

  static async start(clock: Clock): Promise<FakeGraph> {
    const fake = new FakeGraph(clock);
    await fake.listen();
    return fake;
  }

  /** The environment that points Secret Steward at this fake as its Entra tenant. */
  env(): Record<string, string> {
    return {
      SECRET_PROVIDER: "entra",
      ENTRA_TENANT_ID: TENANT,
      ENTRA_CLIENT_ID: BOT_CLIENT_ID,
      ENTRA_CLIENT_SECRET: BOT_CLIENT_SECRET,
      GRAPH_URL: this.url,
      ENTRA_AUTHORITY_URL: this.url,
    };
  }

  addApplication(displayName: string, options?: { isOwnedByBot?: boolean }): FakeApplication {
    return this.directory.addApplication(displayName, options);
  }

  /** Revokes every token issued so far, as an expired or revoked bot credential looks to Graph. */
  expireTokens(): void {
    this.validTokens.clear();
  }

  graphRequests(): ReceivedRequest[] {
    return this.requests.filter((r) => r.path.startsWith("/v1.0/"));
  }

  signInReportRequests(): ReceivedRequest[] {
    return this.requests.filter((r) => r.path.startsWith("/beta/reports/appCredentialSignInActivities"));
  }

  tokenRequests(): ReceivedRequest[] {
    return this.requests.filter((r) => this.isTokenRequest(r));
  }

  protected isTokenRequest(request: ReceivedRequest): boolean {
    return request.path === `/${TENANT}/oauth2/v2.0/token` && request.method === "POST";
  }

  protected authenticate(request: ReceivedRequest): FakeAnswer | null {
    if (this.validTokens.has(request.authorization?.replace(/^Bearer /, "") ?? "")) return null;
    return {
      status: 401,
      body: odata("InvalidAuthenticationToken", "Access token has expired or is not yet valid."),
      headers: { "www-authenticate": 'Bearer realm="", error="invalid_token"' },
    };
  }

  protected outage(): FakeAnswer {
    return { status: 500, body: odata("UnknownError", "An internal server error occurred.") };
  }

  protected answer(request: ReceivedRequest, url: URL): FakeAnswer {
    return answerGraph(this, request, url);
  }

  protected token(request: ReceivedRequest): FakeAnswer {
    const form = (request.body ?? {}) as Record<string, string>;
    if (form.grant_type !== "client_credentials") {
      return {
        status: 400,
        body: tokenError("unsupported_grant_type", 70003, "The app requested an unsupported grant type."),
      };
    }
    if (form.client_id !== BOT_CLIENT_ID || form.client_secret !== BOT_CLIENT_SECRET) {
      return { status: 401, body: tokenError("invalid_client", 7000215, "Invalid client secret provided.") };
    }
    if (form.scope !== `${this.url}/.default`) {
      return { status: 400, body: tokenError("invalid_scope", 1002012, "The provided value for scope is not valid.") };
    }
    const token = `eyJ0eXAiOiJKV1QifQ.${randomBytes(24).toString("base64url")}.sig`;
    this.issuedTokens.push(token);
    this.validTokens.add(token);
    const lifetime = this.tokenLifetimeSeconds;
    return {
      status: 200,
      body: { token_type: "Bearer", expires_in: lifetime, ext_expires_in: lifetime, access_token: token },
    };
  }
}

const tokenError = (error: string, code: number, text: string) => ({
  error,
  error_description: `AADSTS${code}: ${text}\r\nTrace ID: 00000000\r\nTimestamp: 2026-11-26 10:00:00Z`,
  error_codes: [code],
  timestamp: "2026-11-26 10:00:00Z",
});
