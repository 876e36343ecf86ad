/**
 * The bot's own credentials at a provider: a client-credentials bearer token (Microsoft identity
 * platform for Graph, a Keycloak realm's token endpoint), cached by the shared ClientCredentialsToken,
 * or a fixed API token (Okta's SSWS). A token endpoint that cannot be reached is an outage to the
 * person; one that refuses the bot is logged for the operator (status and code, never the secret).
 */
import type { AppError } from "../../../src/errors.js";
import type { Logger } from "../../../src/log.js";
import type { Clock } from "../../../src/ports/clock.js";
import { ClientCredentialsToken, type TokenFailure } from "../../oauth/client-credentials.js";
import { describe, ProviderCallError } from "./provider-error.js";
import type { Credentials } from "./provider-http.js";

export type BotTokenOptions = {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** The provider's name in the log line, e.g. "Microsoft Entra". */
  label: string;
  clock: Clock;
  log: Logger;
  timeoutMs: number;
  unavailable: (cause: ProviderCallError) => AppError;
  /** What people are told when the token endpoint refuses the bot (default: an outage). */
  refused?: (cause: ProviderCallError) => AppError;
};

/** A bearer token by client credentials; a refused one is forgotten so the next request gets a new one. */
export function botToken(options: BotTokenOptions): Credentials {
  const toError = (failure: TokenFailure) => {
    if (failure.kind === "network") {
      return options.unavailable(new ProviderCallError("token", 0, "network", describe(failure.error)));
    }
    // Status and code only: the description names the reason (e.g. an expired client secret) and goes
    // into the error's cause, never into this line. Debug: whoever catches the error logs it once, with
    // its cause (a server at warn; the CLI shows one line and keeps the rest for LOG_LEVEL=debug).
    options.log.debug(
      { status: failure.status, code: failure.code },
      `${options.label} refused the bot's own credentials`,
    );
    const cause = new ProviderCallError("token", failure.status, failure.code, failure.description);
    return (options.refused ?? options.unavailable)(cause);
  };
  const tokens = new ClientCredentialsToken({ ...options, toError });
  return bearer(tokens);
}

/** A cached client-credentials token as the Authorization header. */
function bearer(tokens: ClientCredentialsToken): Credentials {
  return {
    authorization: async () => `Bearer ${await tokens.token()}`,
    renew: (authorization) => {
      tokens.invalidate(authorization.replace(/^Bearer /, ""));
      return true;
    },
  };
}

/** A fixed API token in the provider's own scheme (Okta: `SSWS <token>`); nothing to renew. */
export const fixedToken = (authorization: string): Credentials => ({
  authorization: async () => authorization,
  renew: () => false,
});
