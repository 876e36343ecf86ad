/**
 * The bot's own token for the Bot Connector: OAuth2 client credentials at the Microsoft identity
 * platform with scope `https://api.botframework.com/.default`, cached by the shared client-credentials
 * token. A direct call rather than the SDK's @azure/msal-node, so the authority is a plain URL tests can
 * point at a local server (MSAL insists on https and discovery).
 */
import type { Clock } from "../../src/ports/clock.js";
import { ClientCredentialsToken, microsoftTokenUrl, type TokenFailure } from "../oauth/client-credentials.js";

export const BOT_SCOPE = "https://api.botframework.com/.default";

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

const toBotTokenError = (failure: TokenFailure): BotTokenError =>
  failure.kind === "network" ? new BotTokenError(0, "network") : new BotTokenError(failure.status, failure.code);

/** The bot's Bot Connector token, requested once and reused until shortly before it expires. */
export function botTokenSource(options: BotTokenOptions): ClientCredentialsToken {
  return new ClientCredentialsToken({
    tokenUrl: microsoftTokenUrl(options.authorityUrl, options.tenantId),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scope: BOT_SCOPE,
    clock: options.clock,
    timeoutMs: options.timeoutMs ?? 15_000,
    toError: toBotTokenError,
  });
}
