/** The Bot Connector client with the bot's own token, built from the configuration. */
import type { Deps } from "../../src/context.js";
import { botTokenSource } from "./bot-token.js";
import { Connector } from "./connector.js";
import { DEFAULT_AUTHORITY_URL, type TeamsEndpoints } from "./endpoints.js";
import { sdkLogger } from "./sdk-logger.js";

/** The connector with the bot's own token (none without credentials, for the Agents Playground). */
export function teamsConnector(
  deps: Pick<Deps, "config" | "clock" | "log">,
  endpoints: TeamsEndpoints = {},
): Connector {
  const teams = deps.config.teams;
  const tokens = teams
    ? botTokenSource({ ...teams, authorityUrl: endpoints.authorityUrl ?? DEFAULT_AUTHORITY_URL, clock: deps.clock })
    : undefined;
  return new Connector(tokens && (() => tokens.token()), sdkLogger(deps.log), () => deps.clock.now());
}
