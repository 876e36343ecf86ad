/**
 * A bot's own access token by OAuth2 client credentials (RFC 6749 §4.4), cached until shortly before it
 * expires. One class for every identity provider the bot signs in to as itself: the Microsoft identity
 * platform for the Bot Connector and for Graph (`{authority}/{tenant}/oauth2/v2.0/token` with a scope),
 * and any other token endpoint given whole, e.g. Keycloak's `{url}/realms/{realm}/protocol/openid-connect/token`.
 *
 * A direct POST rather than a client library: it is one request and a cache, needs no dependency, and
 * the token URL stays a plain URL that tests point at a local server.
 */
import { z } from "zod";
import type { Clock } from "../../src/ports/clock.js";
import { withoutTrailingSlashes } from "../../src/urls.js";

/** Renew this long before the token expires (or at half its lifetime, if shorter), so it never runs out mid-request. */
const RENEW_BEFORE_MS = 5 * 60_000;

/** The token endpoint's answer to a client-credentials request. */
const TokenResponse = z.object({
  token_type: z.string().regex(/^bearer$/i),
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
});

/** The token endpoint's error body (RFC 6749 §5.2; Entra adds its AADSTS codes). */
const TokenErrorBody = z.object({ error: z.string(), error_description: z.string().optional() });

/**
 * Why no token came: no answer at all, or a refusal with the endpoint's status, error code and the
 * first line of its description (which names the reason, never the secret). `code` is
 * `unexpected_response` when the answer was not a token nor an error body.
 */
export type TokenFailure =
  | { kind: "network"; error: unknown }
  | { kind: "refused"; status: number; code: string; description: string };

export type ClientCredentialsOptions = {
  /** The token endpoint, whole. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent when the endpoint needs one (Microsoft: `{resource}/.default`); Keycloak needs none. */
  scope?: string;
  clock: Clock;
  timeoutMs: number;
  /** Headers to add to the token request (W3C trace context). */
  headers?: () => Record<string, string>;
  /** The caller's own error for a failure; it must not carry the client secret or the whole answer. */
  toError: (failure: TokenFailure) => Error;
};

/** The bot's token, requested once and reused until shortly before it expires. */
export class ClientCredentialsToken {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: ClientCredentialsOptions) {}

  /** A valid bearer token: the cached one until shortly before it expires, else a new one (one request at a time). */
  token(): Promise<string> {
    if (this.cached && this.options.clock.now().getTime() < this.cached.renewAt) {
      return Promise.resolve(this.cached.token);
    }
    this.pending ??= this.request().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets a token the resource refused (revoked or expired early), so the next call asks for a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async request(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope, clock, timeoutMs, toError, headers } = this.options;
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      ...(scope === undefined ? {} : { scope }),
    });
    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        method: "POST",
        body,
        headers: headers?.(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw toError({ kind: "network", error });
    }
    const json: unknown = await response.json().catch(() => null);
    const parsed = TokenResponse.safeParse(json);
    if (!response.ok || !parsed.success) throw toError(refusal(response.status, json));
    const lifetimeMs = parsed.data.expires_in * 1000;
    const renewAt = clock.now().getTime() + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2);
    this.cached = { token: parsed.data.access_token, renewAt };
    return parsed.data.access_token;
  }
}

/** The Microsoft identity platform's v2.0 token endpoint of a tenant (for the Bot Connector and for Graph). */
export const microsoftTokenUrl = (authorityUrl: string, tenantId: string): string =>
  `${withoutTrailingSlashes(authorityUrl)}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;

/** Only the error code and the description's first line are kept: the rest of the answer stays out of errors and logs. */
function refusal(status: number, json: unknown): TokenFailure {
  const body = TokenErrorBody.safeParse(json);
  if (!body.success) return { kind: "refused", status, code: "unexpected_response", description: "" };
  return {
    kind: "refused",
    status,
    code: body.data.error,
    description: body.data.error_description?.split("\n")[0] ?? "",
  };
}
