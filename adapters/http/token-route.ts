/**
 * POST /oauth2/token — RFC 6749 §4.4 client credentials with client_secret_basic or client_secret_post.
 * Errors follow §5.2; every answer carries Cache-Control: no-store. Nothing from the request body is
 * ever logged.
 *
 * The hot path keeps its promises few (each costs more once AsyncLocalStorage is in use, as it is for
 * transactions): the body arrives by callback and the token is signed on the thread pool with a
 * callback; authentication and the promise the router waits on remain, so that anything thrown is
 * still answered by the router (413, 503, 500) as for every route.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Metrics, noMetrics, type TokenOutcome } from "../../src/ports/metrics.js";
import type { IssuedToken, TokenClient, TokenService } from "../providers/builtin/token-service.js";
import type { ClientAddress } from "./client-address.js";
import type { FailureLimiter } from "./failure-limiter.js";
import { BodyTooLarge, collectBody, mediaType, refuseUnread, sendJson } from "./http-kit.js";
import type { Handler } from "./server.js";
import {
  type Credentials,
  clientCredentials,
  grantError,
  invalidClient,
  isOAuthError,
  type OAuthError,
  oauthError,
  parseForm,
} from "./token-request.js";

export const TOKEN_BODY_LIMIT = 16 * 1024;
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };
const FORM_TYPE = "application/x-www-form-urlencoded";
const WRONG_TYPE = {
  error: "invalid_request",
  error_description: "Send the request as application/x-www-form-urlencoded.",
};

/** How an answer counts in steward_token_requests_total. */
function outcomeOf(status: number): TokenOutcome {
  if (status === 200) return "issued";
  if (status === 401) return "invalid_client";
  if (status === 429) return "rate_limited";
  return status < 500 ? "invalid_request" : "error";
}

const tooMany = (seconds: number) =>
  oauthError(429, "too_many_requests", `Too many failed attempts; retry after ${seconds} seconds.`, {
    "Retry-After": seconds,
  });

/** A well-formed request from an address that is not blocked. */
type Asked = { form: URLSearchParams; credentials: Credentials; address: string };

/** One request's way to its answer: `answered` takes the status sent, `failed` what was thrown. */
type Outcome = { answered: (status: number) => void; failed: (error: unknown) => void };

/**
 * The token endpoint; failures are counted by the client's real address (see client-address.ts). Each
 * answer is counted once in `metrics`, by outcome and time taken (two additions: the hot path stays hot).
 */
export function tokenRoute(
  tokens: TokenService,
  limiter: FailureLimiter,
  clientAddress: ClientAddress,
  metrics: Metrics = noMetrics,
): Handler {
  const answer = (res: ServerResponse, e: OAuthError): number => {
    const headers = e.headers ? { ...NO_STORE, ...e.headers } : NO_STORE;
    sendJson(res, e.status, { error: e.error, error_description: e.description }, headers);
    return e.status;
  };

  /** The client is known (or not): a token for the scopes asked, or the refusal. */
  const grant = (res: ServerResponse, client: TokenClient | null, asked: Asked, outcome: Outcome): void => {
    if (!client) {
      limiter
        .fail(asked.credentials.clientId, asked.address)
        .then((wait) => outcome.answered(answer(res, wait > 0 ? tooMany(wait) : invalidClient())))
        .catch(outcome.failed);
      return;
    }
    const scope = tokens.resolveScopes(client, asked.form.get("scope") ?? undefined);
    if (!scope.ok) {
      outcome.answered(
        answer(res, oauthError(400, "invalid_scope", "Request only scopes among this application's APIs.")),
      );
      return;
    }
    tokens.issue(client, scope.scopes, (error, token) => {
      try {
        if (error) throw error;
        sendJson(res, 200, token as IssuedToken, NO_STORE);
      } catch (thrown) {
        outcome.failed(thrown);
        return;
      }
      outcome.answered(200);
    });
  };

  /** What the body and headers ask for, or why they are refused before any work. */
  const read = (req: IncomingMessage, body: Buffer): Asked | OAuthError => {
    const form = parseForm(body);
    if (!(form instanceof URLSearchParams)) return form;
    const refused = grantError(form);
    if (refused) return refused;
    const credentials = clientCredentials(req, form);
    if (isOAuthError(credentials)) return credentials;
    const address = clientAddress(req);
    // A blocked address is refused before any work; a client under attack still gets its token when the
    // secret is right (see FailureLimiter).
    const blocked = limiter.addressRetryAfter(address);
    return blocked > 0 ? tooMany(blocked) : { form, credentials, address };
  };

  /** The body has come: read it, authenticate, and go on to `grant`. */
  const serve = (req: IncomingMessage, res: ServerResponse, body: Buffer, outcome: Outcome): void => {
    const asked = read(req, body);
    if (isOAuthError(asked)) {
      outcome.answered(answer(res, asked));
      return;
    }
    tokens
      .authenticate(asked.credentials.clientId, asked.credentials.secret, asked.address)
      .then((client) => grant(res, client, asked, outcome))
      .catch(outcome.failed);
  };

  return (req, res) => {
    const started = performance.now();
    const count = (outcome: TokenOutcome) => metrics.tokenRequest(outcome, (performance.now() - started) / 1000);
    if (mediaType(req) !== FORM_TYPE) {
      refuseUnread(req, res, 400, WRONG_TYPE, NO_STORE);
      count("invalid_request");
      return;
    }
    return new Promise<void>((resolve, reject) => {
      let isSettled = false;
      const outcome: Outcome = {
        answered: (status) => {
          if (isSettled) return;
          isSettled = true;
          count(outcomeOf(status));
          resolve();
        },
        // Over the limit, the router answers 413.
        failed: (error) => {
          if (isSettled) return;
          isSettled = true;
          count(error instanceof BodyTooLarge ? "invalid_request" : "error");
          reject(error);
        },
      };
      collectBody(req, TOKEN_BODY_LIMIT, (error, body) => {
        if (error) return outcome.failed(error);
        try {
          serve(req, res, body, outcome);
        } catch (thrown) {
          outcome.failed(thrown);
        }
      });
    });
  };
}
