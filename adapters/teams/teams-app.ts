/**
 * Microsoft Teams, on the one HTTP listener at POST /api/messages, with the Teams SDK (Teams AI Library
 * v2, `@microsoft/teams.apps`): its App authenticates each request (Bot Framework JWT against the Bot
 * Framework's signing keys, 401 otherwise) and routes the activity; answers go out through the Bot
 * Connector with the bot's own token. Messages are acknowledged at once and answered in the background;
 * card actions are answered in the HTTP response, as Teams requires.
 */

import { PUBLIC, withOverrides } from "@microsoft/teams.api";
import { App } from "@microsoft/teams.apps";
import type { Deps } from "../../src/context.js";
import type { HttpServer } from "../http/server.js";
import { TeamsActivity } from "./activity-schemas.js";
import { BotAuthentication } from "./bot-authentication.js";
import { messageResponse, onCardAction } from "./card-actions.js";
import type { TeamsBot } from "./delivery.js";
import { TEAMS_PATH, type TeamsEndpoints } from "./endpoints.js";
import { ListenerAdapter } from "./http-adapter.js";
import { onConversationUpdate, onInstallationUpdate } from "./install-handler.js";
import { onMessage } from "./message-handler.js";
import { sdkLogger } from "./sdk-logger.js";
import { SigningKeySet } from "./signing-key-set.js";
import { teamsConnector } from "./teams-connector.js";
import { teamsText } from "./teams-messages.js";

export type TeamsService = {
  isAuthenticated: boolean;
  /** Resolves once every activity acknowledged so far has been answered in the background (or has failed). */
  settled(): Promise<void>;
  stop(): Promise<void>;
};

/** Mounts POST /api/messages on `http` and starts answering Teams. */
export async function startTeams(deps: Deps, http: HttpServer, endpoints: TeamsEndpoints = {}): Promise<TeamsService> {
  const { config, log } = deps;
  const isAuthenticated = !config.teamsAllowUnauthenticated;
  const bot: TeamsBot = {
    deps,
    connector: teamsConnector(deps, endpoints),
    serviceUrlOverride: config.teamsServiceUrl,
  };
  const openIdMetadataUrl = endpoints.openIdMetadataUrl ?? PUBLIC.openIdMetadataUrl;
  const auth = isAuthenticated
    ? new BotAuthentication(new SigningKeySet(openIdMetadataUrl, log), config.teams?.clientId ?? "", PUBLIC.tokenIssuer)
    : undefined;
  // Every option is given, so the SDK reads none of its own environment variables (CLIENT_ID, SERVICE_URL, …).
  const app = new App({
    clientId: config.teams?.clientId ?? "",
    // Empty, not absent: the SDK would fall back to CLIENT_SECRET from the environment and to MSAL.
    clientSecret: "",
    tenantId: config.teams?.tenantId ?? "",
    ...(bot.connector.token ? { token: bot.connector.token } : {}),
    serviceUrl: config.teamsServiceUrl ?? "https://smba.trafficmanager.net/teams",
    cloud: withOverrides(PUBLIC, { openIdMetadataUrl }),
    logger: sdkLogger(log),
    httpServerAdapter: new ListenerAdapter(http, log, auth),
    messagingEndpoint: TEAMS_PATH,
    dangerouslyAllowUnauthenticatedRequests: !isAuthenticated,
  });
  const running = new Set<Promise<void>>();
  const inBackground = (work: () => Promise<void> | void) => {
    const task: Promise<void> = Promise.resolve()
      .then(work)
      .catch((error: unknown) => {
        log.error(
          { status: (error as { status?: number }).status, error: safeError(error) },
          "a Teams activity failed",
        );
      })
      .finally(() => running.delete(task));
    running.add(task);
  };
  const parsed = (raw: unknown) => {
    const activity = TeamsActivity.safeParse(raw);
    if (!activity.success) log.warn({ issue: activity.error.issues[0]?.path.join(".") }, "an invalid Teams activity");
    return activity.success ? activity.data : undefined;
  };
  app.on("message", async ({ activity }) => {
    const a = parsed(activity);
    if (a) inBackground(() => onMessage(bot, a));
  });
  app.on("conversationUpdate", async ({ activity }) => {
    const a = parsed(activity);
    if (a) inBackground(() => onConversationUpdate(bot, a));
  });
  app.on("installationUpdate", async ({ activity }) => {
    const a = parsed(activity);
    if (a) inBackground(() => onInstallationUpdate(bot, a));
  });
  app.on("card.action", async ({ activity }) => {
    const a = parsed(activity);
    return a ? onCardAction(bot, a) : messageResponse(teamsText.badAction());
  });
  await app.initialize();
  if (!isAuthenticated) {
    log.warn(`TEAMS_ALLOW_UNAUTHENTICATED=true: ${TEAMS_PATH} accepts requests without Bot Framework authentication`);
  }
  const settled = async () => {
    await Promise.allSettled([...running]);
  };
  // Stopping lets the answers in flight finish; the listener itself is closed with the HTTP server.
  return { isAuthenticated, settled, stop: settled };
}

/** Only an error's name and message: an HTTP client error carries its request, which may hold a secret value. */
const safeError = (error: unknown) =>
  error instanceof Error ? { type: error.name, message: error.message } : { type: typeof error };
