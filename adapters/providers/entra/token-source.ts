/**
 * The bot's own access token for Microsoft Graph: OAuth2 client credentials at the Microsoft identity
 * platform with scope `{graph}/.default`, cached by the shared client-credentials token. A failure is
 * an outage to the person (`PROVIDER_UNAVAILABLE`, nothing changed) and a log line for the operator.
 */
import type { Logger } from "../../../src/log.js";
import type { Clock } from "../../../src/ports/clock.js";
import { ClientCredentialsToken, microsoftTokenUrl, type TokenFailure } from "../../oauth/client-credentials.js";
import { describe, GraphError, unavailable } from "./graph-error.js";

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

/** The bot's Graph token; `invalidate` it when Graph refuses it, and the next call gets a new one. */
export function graphTokenSource(options: TokenSourceOptions): ClientCredentialsToken {
  const toError = (failure: TokenFailure) => {
    if (failure.kind === "network") return unavailable(new GraphError("token", 0, "network", describe(failure.error)));
    // Status and code only: the description names the AADSTS reason (e.g. an expired ENTRA_CLIENT_SECRET)
    // and goes into the error's cause, never into this line.
    options.log.error(
      { status: failure.status, code: failure.code },
      "Microsoft Entra refused the bot's own credentials",
    );
    return unavailable(new GraphError("token", failure.status, failure.code, failure.description));
  };
  return new ClientCredentialsToken({
    tokenUrl: microsoftTokenUrl(options.authorityUrl, options.tenantId),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scope: `${options.graphUrl.replace(/\/+$/, "")}/.default`,
    clock: options.clock,
    timeoutMs: options.timeoutMs,
    toError,
  });
}
