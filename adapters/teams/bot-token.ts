/**
 * The bot's own token for the Bot Connector: OAuth2 client credentials at the Microsoft identity
 * platform (`{authority}/{tenant}/oauth2/v2.0/token`, scope `https://api.botframework.com/.default`),
 * cached until shortly before it expires. A direct call rather than the SDK's @azure/msal-node, so the
 * authority is a plain URL tests can point at a local server (MSAL insists on https and discovery).
 */
import { z } from "zod";
import type { Clock } from "../../src/ports/clock.js";

export const BOT_SCOPE = "https://api.botframework.com/.default";
const RENEW_BEFORE_MS = 5 * 60_000;

const TokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
const TokenFailure = z.object({ error: z.string() });

export type BotTokenOptions = {
  authorityUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  timeoutMs?: number;
};

/** Why no token could be had; never carries the client secret or the identity platform's full answer. */
export class BotTokenError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`the Microsoft identity platform refused the bot's token request (${status} ${code})`);
  }
}

/** The bot's token, requested once and reused until shortly before it expires. */
export class BotTokenSource {
  private cached: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: BotTokenOptions) {}

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

  private async request(): Promise<string> {
    const { authorityUrl, tenantId, clientId, clientSecret, clock } = this.options;
    const url = `${authorityUrl.replace(/\/+$/, "")}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      scope: BOT_SCOPE,
    });
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch {
      throw new BotTokenError(0, "network");
    }
    const json: unknown = await response.json().catch(() => null);
    const parsed = TokenResponse.safeParse(json);
    if (!response.ok || !parsed.success) {
      const failure = TokenFailure.safeParse(json);
      throw new BotTokenError(response.status, failure.success ? failure.data.error : "unexpected_response");
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    const renewAt = clock.now().getTime() + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2);
    this.cached = { token: parsed.data.access_token, renewAt };
    return parsed.data.access_token;
  }
}
