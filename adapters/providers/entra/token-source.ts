/**
 * The bot's own access token for Microsoft Graph: OAuth2 client credentials at the Microsoft identity
 * platform (`{authority}/{tenant}/oauth2/v2.0/token`, scope `{graph}/.default`).
 *
 * A direct call rather than @azure/msal-node: the bot needs exactly one client-credentials POST and a
 * cache until shortly before expiry. That is a few lines with Node's fetch, needs no extra dependency
 * (and none of its transitive ones), and keeps every outgoing request visible to our tests.
 */
import type { Logger } from "../../../src/log.js";
import type { Clock } from "../../../src/ports/clock.js";
import { GraphError, unavailable } from "./graph-error.js";
import { TokenError, TokenResponse } from "./graph-schemas.js";

/** Renew this long before the token expires, so a token never runs out mid-request. */
const RENEW_BEFORE_MS = 5 * 60_000;

export type TokenSourceOptions = {
  authorityUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  graphUrl: string;
  clock: Clock;
  log: Logger;
  timeoutMs: number;
};

export class TokenSource {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: TokenSourceOptions) {}

  /** A valid bearer token: the cached one until shortly before it expires, else a new one (one request at a time). */
  async token(): Promise<string> {
    if (this.cached && this.options.clock.now().getTime() < this.cached.renewAt) return this.cached.token;
    this.pending ??= this.request().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets a token Graph refused (revoked or expired early), so the next call asks for a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async request(): Promise<string> {
    const { authorityUrl, tenantId, clientId, clientSecret, graphUrl, clock, timeoutMs } = this.options;
    const url = `${authorityUrl.replace(/\/+$/, "")}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      scope: `${graphUrl.replace(/\/+$/, "")}/.default`,
    });
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw unavailable(new GraphError("token", 0, "network", describe(error)));
    }
    const json: unknown = await response.json().catch(() => null);
    const parsed = TokenResponse.safeParse(json);
    if (!response.ok || !parsed.success) {
      const failure = TokenError.safeParse(json);
      const code = failure.success ? failure.data.error : "unexpected_response";
      // error_description names the AADSTS reason (e.g. an expired ENTRA_CLIENT_SECRET); it never echoes the secret.
      const detail = failure.success ? (failure.data.error_description?.split("\n")[0] ?? "") : "";
      this.options.log.error({ status: response.status, code }, "Microsoft Entra refused the bot's own credentials");
      throw unavailable(new GraphError("token", response.status, code, detail));
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    const renewAt = clock.now().getTime() + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2);
    this.cached = { token: parsed.data.access_token, renewAt };
    return parsed.data.access_token;
  }
}

export const describe = (error: unknown): string =>
  error instanceof Error
    ? `${error.name}: ${error.message}${error.cause ? ` (${describe(error.cause)})` : ""}`
    : String(error);
