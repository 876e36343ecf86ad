/**
 * A local HTTP server that answers as the Okta Management API does for the routes the bot uses: apps
 * (with `filter`, `limit`, `after` and a `Link` header), and an app's client secrets (list, read,
 * create, deactivate, delete), with Okta's error bodies, the API token (`SSWS`) checked on every
 * request and the bot's admin permission too. It records every request so tests can check each one.
 */
import type { Clock } from "../../src/ports/clock.js";
import { type FakeAnswer, FakeApiServer, type ReceivedRequest } from "./fake-api-server.js";
import { type FakeOktaApp, FakeOktaOrg } from "./fake-okta-org.js";

export const OKTA_TOKEN = "00okta-api-token-Zq9fJx2LmN4pR7tV0wY3aBcD";

/** An Okta error body, as every refusal has it. */
export const oktaError = (
  status: number,
  errorCode: string,
  errorSummary: string,
  causes: string[] = [],
): FakeAnswer => ({
  status,
  body: {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: "oaeTESTTESTTESTTEST",
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  },
});

const SECRETS = /^\/api\/v1\/apps\/([^/]+)\/credentials\/secrets(?:\/([^/]+)(\/lifecycle\/deactivate)?)?$/;
const notFound = oktaError(404, "E0000007", "Not found: Resource not found: (AppInstance)");
const invalid = (cause: string) => oktaError(400, "E0000001", "Api validation failed: client_secret", [cause]);

export class FakeOkta extends FakeApiServer {
  readonly org: FakeOktaOrg;
  /** Whether the token's admin may manage the apps' client credentials (else every request is 403). */
  canManage = true;
  /** The API token Okta accepts; a test revokes it by changing this. */
  validToken = OKTA_TOKEN;

  constructor(clock: Clock) {
    super();
    this.org = new FakeOktaOrg(clock);
  }

  static async start(clock: Clock): Promise<FakeOkta> {
    const fake = new FakeOkta(clock);
    await fake.listen();
    return fake;
  }

  /** The environment that points Secret Steward at this fake as its Okta org. */
  env(): Record<string, string> {
    return { SECRET_PROVIDER: "okta", OKTA_ORG_URL: this.url, OKTA_API_TOKEN: OKTA_TOKEN };
  }

  /** Okta's API tokens need no token endpoint. */
  protected isTokenRequest(): boolean {
    return false;
  }

  protected token(): FakeAnswer {
    return { status: 404 };
  }

  protected authenticate(request: ReceivedRequest): FakeAnswer | null {
    if (request.authorization === `SSWS ${this.validToken}`) return null;
    return oktaError(401, "E0000011", "Invalid token provided");
  }

  protected outage(): FakeAnswer {
    return oktaError(500, "E0000009", "Internal Server Error");
  }

  protected answer(request: ReceivedRequest, url: URL): FakeAnswer {
    if (!this.canManage)
      return oktaError(403, "E0000006", "You do not have permission to perform the requested action");
    if (request.method === "GET" && request.path === "/api/v1/apps") return this.listApps(request, url);
    const match = SECRETS.exec(request.path);
    const app = match ? this.org.byId(match[1] ?? "") : undefined;
    if (!match || !app) return notFound;
    const [, , secretId, deactivate] = match;
    if (secretId === undefined) return this.secrets(request, app);
    const secret = app.secrets.find((s) => s.id === secretId);
    if (!secret) return notFound;
    if (request.method === "GET") return { status: 200, body: this.org.listed(secret) };
    if (request.method === "POST" && deactivate) {
      // Okta keeps a client's only active secret: it cannot be deactivated.
      if (secret.status === "ACTIVE" && app.secrets.filter((s) => s.status === "ACTIVE").length === 1) {
        return invalid("You can't deactivate the only active secret of a client.");
      }
      secret.status = "INACTIVE";
      return { status: 200, body: this.org.listed(secret) };
    }
    if (request.method === "DELETE") {
      if (secret.status === "ACTIVE") return invalid("You can't delete an active secret; deactivate it first.");
      app.secrets = app.secrets.filter((s) => s !== secret);
      return { status: 204 };
    }
    return oktaError(405, "E0000022", "The endpoint does not support the provided HTTP method");
  }

  private secrets(request: ReceivedRequest, app: FakeOktaApp): FakeAnswer {
    if (request.method === "GET") return { status: 200, body: app.secrets.map((s) => this.org.listed(s)) };
    if (request.method !== "POST")
      return oktaError(405, "E0000022", "The endpoint does not support the provided HTTP method");
    if (app.secrets.length >= 2) return invalid("You can't create more than two secrets for a client.");
    // Created: the only answer with the value in clear.
    return { status: 201, body: this.org.addSecret(app) };
  }

  /** GET /api/v1/apps with Okta's `filter`, `limit` and `after` cursor, and `Link` headers for self and next. */
  private listApps(request: ReceivedRequest, url: URL): FakeAnswer {
    const matches = this.org.filter(request.query.filter);
    if (matches === null) return oktaError(400, "E0000031", "Invalid search criteria.");
    const limit = Number(request.query.limit ?? 20);
    const after = Number(request.query.after ?? 0);
    const page = matches.slice(after, after + limit);
    const links = [`<${url.toString()}>; rel="self"`];
    if (after + limit < matches.length) {
      const next = new URL(url);
      next.searchParams.set("after", String(after + limit));
      links.push(`<${next.toString()}>; rel="next"`);
    }
    const body = page.map(({ secrets: _secrets, ...app }) => app);
    return { status: 200, body, headers: { link: links.join(", ") } };
  }
}
