/**
 * Slack, on the one HTTP listener at POST /slack/events (Bolt's HTTPReceiver request listener, behind
 * our own signature gate: Slack's signature and a timestamp within five minutes either way, checked
 * before a bounded body is read, 401 otherwise), or over Socket Mode when an app token is configured.
 * Every Web API call goes to SLACK_API_URL when set.
 */
import { App, HTTPReceiver, webApi } from "@slack/bolt";
import type { Config } from "../../src/config.js";
import type { Deps } from "../../src/context.js";
import type { HttpServer } from "../http/server.js";
import { ackTimingProperty } from "./ack-timing.js";
import { registerAppHome } from "./app-home.js";
import { registerButtons } from "./button-actions.js";
import { registerFormSubmission } from "./form-submission.js";
import { SLACK_BODY_LIMIT, slackGate } from "./signed-request.js";
import { boltLogger, slackFailure } from "./slack-logger.js";
import { registerSlashCommand } from "./slash-command.js";

export const SLACK_EVENTS_PATH = "/slack/events";

export type SlackConfig = NonNullable<Config["slack"]>;
export type SlackService = { mode: "http" | "socket"; team: string; stop(): Promise<void> };

/** Web API client options: our logger, SLACK_API_URL, and retries that honour Retry-After on 429. */
export function clientOptions(deps: Deps, slack: SlackConfig): webApi.WebClientOptions {
  return {
    logger: boltLogger(deps.log),
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl.endsWith("/") ? slack.apiUrl : `${slack.apiUrl}/` } : {}),
    // A 429 waits the Retry-After Slack sends, then tries again; other failures back off briefly.
    rejectRateLimitedCalls: false,
    retryConfig: { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 4_000, randomize: true },
    timeout: 10_000,
  };
}

/** Checks the bot token once at start (auth.test), so a wrong one stops the start with a clear reason. */
async function whoAmI(options: webApi.WebClientOptions, token: string) {
  const client = new webApi.WebClient(token, { ...options, retryConfig: { retries: 2, minTimeout: 250 } });
  try {
    const me = await client.auth.test();
    return { botId: me.bot_id ?? "", botUserId: me.user_id ?? "", team: me.team ?? me.team_id ?? "Slack" };
  } catch (error) {
    const { slackError } = slackFailure(error);
    if ((error as { code?: string }).code === webApi.ErrorCode.PlatformError) {
      throw new Error(`Slack did not accept SLACK_BOT_TOKEN (${slackError}); check the token (xoxb-…)`);
    }
    throw new Error(`Could not reach Slack's Web API at ${client.slackApiUrl} (${slackError}); check SLACK_API_URL`);
  }
}

/** Starts the Slack adapter: mounts its route on `http` in HTTP mode, or connects in Socket Mode. */
export async function startSlack(deps: Deps, slack: SlackConfig, http: HttpServer): Promise<SlackService> {
  const options = clientOptions(deps, slack);
  const me = await whoAmI(options, slack.botToken);
  const logger = boltLogger(deps.log);
  const identity = {
    token: slack.botToken,
    botId: me.botId,
    botUserId: me.botUserId,
    logger,
    clientOptions: options,
    // Bolt's conversation store (context.conversation) is not used here; its default builds an Error per request.
    convoStore: false as const,
  };
  const receiver = slack.appToken
    ? undefined
    : new HTTPReceiver({
        signingSecret: slack.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        logger,
        bodyLimit: SLACK_BODY_LIMIT,
        // Only slackGate hands requests to this receiver, after checking the signature on the raw body
        // and the timestamp window (and more strictly): a second HMAC here would only delay the ack.
        signatureVerification: false,
        customPropertiesExtractor: ackTimingProperty,
      });
  const app = receiver
    ? new App({ ...identity, receiver })
    : new App({ ...identity, socketMode: true, appToken: slack.appToken });
  app.error(async (error) => {
    // Never the error object itself: a Web API error carries the call's response body.
    deps.log.error({ ...slackFailure(error), message: error.message, stack: error.stack }, "a Slack listener failed");
  });
  registerSlashCommand(app, deps);
  registerButtons(app, deps);
  registerFormSubmission(app, deps);
  registerAppHome(app, deps);
  if (receiver) {
    const gate = slackGate(slack.signingSecret, receiver.requestListener);
    http.route(["POST"], SLACK_EVENTS_PATH, gate, { bodyLimit: SLACK_BODY_LIMIT });
    return { mode: "http", team: me.team, stop: async () => {} };
  }
  await app.start();
  return {
    mode: "socket",
    team: me.team,
    stop: async () => {
      await app.stop();
    },
  };
}
