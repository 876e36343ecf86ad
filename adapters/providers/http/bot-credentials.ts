/**
 * The bot's own credentials at a provider: a client-credentials bearer token (Microsoft identity
 * platform for Graph, a Keycloak realm's token endpoint), cached by the shared ClientCredentialsToken,
 * or a fixed API token (Okta's SSWS). A token endpoint that cannot be reached is an outage to the
 * person; one that refuses the bot is logged for the operator (status and code, never the secret).
 */
import type { Logger } from "../../../src/log.js";
import type { Clock } from "../../../src/ports/clock.js";
import type { Tracer } from "../../../src/ports/tracer.js";
import { ClientCredentialsToken, type TokenFailure } from "../../oauth/client-credentials.js";
import { describe, ProviderCallError, type ProviderFailures } from "./provider-error.js";
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
  /** Where traceparent comes from for the token request (none when not given). */
  tracer?: Tracer;
  /**
   * The provider's refusals in people's words: no answer, a server error or an answer that is not the
   * token endpoint's is `unavailable`; a refusal of the bot's credentials (400 or 401, e.g.
   * invalid_client, unauthorized_client) is `credentialsRefused`, for every provider.
   */
  failures: ProviderFailures;
};

/** Statuses with which RFC 6749 §5.2 token endpoints refuse a client's credentials. */
const REFUSED = new Set([400, 401]);

/** A bearer token by client credentials; a refused one is forgotten so the next request gets a new one. */
export function botToken(options: BotTokenOptions): Credentials {
  const toError = (failure: TokenFailure) => {
    const { failures } = options;
    if (failure.kind === "network") {
      return failures.unavailable(new ProviderCallError("token", 0, "network", describe(failure.error)));
    }
    // Status and code only: the description names the reason (e.g. an expired client secret) and goes
    // into the error's cause, never into this line. Debug: whoever catches the error logs it once, with
    // its cause (a server at warn; the CLI shows one line and keeps the rest for LOG_LEVEL=debug).
    const isRefused = REFUSED.has(failure.status);
    options.log.debug(
      { status: failure.status, code: failure.code },
      isRefused
        ? `${options.label} refused the bot's own credentials`
        : `${options.label}'s token endpoint gave no token`,
    );
    const cause = new ProviderCallError("token", failure.status, failure.code, failure.description);
    return isRefused ? failures.credentialsRefused(cause) : failures.unavailable(cause);
  };
  const tokens = new ClientCredentialsToken({
    ...options,
    toError,
    ...(options.tracer ? { headers: options.tracer.outgoingHeaders } : {}),
  });
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
