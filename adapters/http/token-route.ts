/**
 * POST /oauth2/token — RFC 6749 §4.4 client credentials with client_secret_basic or client_secret_post.
 * Errors follow §5.2; every answer carries Cache-Control: no-store. Nothing from the request body is
 * ever logged.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Metrics, noMetrics, type TokenOutcome } from "../../src/ports/metrics.js";
import type { TokenService } from "../providers/builtin/token-service.js";
import type { ClientAddress } from "./client-address.js";
import type { FailureLimiter } from "./failure-limiter.js";
import { BodyTooLarge, mediaType, readBody, refuseUnread, sendJson } from "./http-kit.js";

export const TOKEN_BODY_LIMIT = 16 * 1024;
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

type OAuthError = { status: number; error: string; description: string; headers?: Record<string, string | number> };

const fail = (status: number, error: string, description: string, headers = {}): OAuthError => ({
  status,
  error,
  description,
  headers,
});

const invalidClient = () =>
  fail(401, "invalid_client", "Client authentication failed.", { "WWW-Authenticate": 'Basic realm="secret-steward"' });

/** RFC 6749 §2.3.1: the id and secret are form-urlencoded before they are put in the Basic header. */
function formDecode(part: string): string | null {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

type Credentials = { clientId: string; secret: string } | OAuthError;

function clientCredentials(req: IncomingMessage, form: URLSearchParams): Credentials {
  const header = req.headers.authorization;
  const postId = form.get("client_id");
  const postSecret = form.get("client_secret");
  if (header !== undefined) {
    const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
    if (!match) return fail(400, "invalid_request", "The Authorization header must use the Basic scheme.");
    if (postSecret !== null) {
      return fail(400, "invalid_request", "Use one client authentication method: Basic or client_secret, not both.");
    }
    const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const clientId = colon < 0 ? null : formDecode(decoded.slice(0, colon));
    const secret = colon < 0 ? null : formDecode(decoded.slice(colon + 1));
    if (!clientId || secret === null) return invalidClient();
    if (postId !== null && postId !== clientId) {
      return fail(400, "invalid_request", "client_id in the body does not match the Basic credentials.");
    }
    return { clientId, secret };
  }
  if (postId === null || postSecret === null) return invalidClient();
  return { clientId: postId, secret: postSecret };
}

function parseForm(body: Buffer): URLSearchParams | OAuthError {
  const form = new URLSearchParams(body.toString("utf8"));
  const seen = new Set<string>();
  for (const key of form.keys()) {
    if (seen.has(key)) return fail(400, "invalid_request", `The parameter ${key} appears more than once.`);
    seen.add(key);
  }
  return form;
}

/** How an answer counts in steward_token_requests_total. */
function outcomeOf(status: number): TokenOutcome {
  if (status === 200) return "issued";
  if (status === 401) return "invalid_client";
  if (status === 429) return "rate_limited";
  return status < 500 ? "invalid_request" : "error";
}

/**
 * The token endpoint; failures are counted by the client's real address (see client-address.ts). Each
 * answer is counted once in `metrics`, by outcome and time taken (two additions: the hot path stays hot).
 */
export function tokenRoute(
  tokens: TokenService,
  limiter: FailureLimiter,
  clientAddress: ClientAddress,
  metrics: Metrics = noMetrics,
) {
  const answer = (res: ServerResponse, e: OAuthError): number => {
    sendJson(res, e.status, { error: e.error, error_description: e.description }, { ...NO_STORE, ...e.headers });
    return e.status;
  };

  /** Answers the request; returns the status sent. */
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    if (mediaType(req) !== "application/x-www-form-urlencoded") {
      const body = {
        error: "invalid_request",
        error_description: "Send the request as application/x-www-form-urlencoded.",
      };
      refuseUnread(req, res, 400, body, NO_STORE);
      return 400;
    }
    // Over the limit, readBody throws and the router answers 413.
    const form = parseForm(await readBody(req, TOKEN_BODY_LIMIT));
    if (!(form instanceof URLSearchParams)) return answer(res, form);
    const grantType = form.get("grant_type");
    if (!grantType) return answer(res, fail(400, "invalid_request", "grant_type is missing."));
    if (grantType !== "client_credentials") {
      return answer(res, fail(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported."));
    }
    const credentials = clientCredentials(req, form);
    if ("error" in credentials) return answer(res, credentials);

    const address = clientAddress(req);
    const tooMany = (seconds: number) =>
      fail(429, "too_many_requests", `Too many failed attempts; retry after ${seconds} seconds.`, {
        "Retry-After": seconds,
      });
    // A blocked address is refused before any work; a client under attack still gets its token when the
    // secret is right (see FailureLimiter).
    const blocked = limiter.addressRetryAfter(address);
    if (blocked > 0) return answer(res, tooMany(blocked));

    const client = await tokens.authenticate(credentials.clientId, credentials.secret, address);
    if (!client) {
      const wait = await limiter.fail(credentials.clientId, address);
      return answer(res, wait > 0 ? tooMany(wait) : invalidClient());
    }
    const scope = tokens.resolveScopes(client, form.get("scope") ?? undefined);
    if (!scope.ok) {
      return answer(res, fail(400, "invalid_scope", "Request only scopes among this application's APIs."));
    }
    sendJson(res, 200, await tokens.issue(client, scope.scopes), NO_STORE);
    return 200;
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    let outcome: TokenOutcome = "error";
    try {
      outcome = outcomeOf(await serve(req, res));
    } catch (error) {
      if (error instanceof BodyTooLarge) outcome = "invalid_request";
      throw error;
    } finally {
      metrics.tokenRequest(outcome, (performance.now() - started) / 1000);
    }
  };
}
