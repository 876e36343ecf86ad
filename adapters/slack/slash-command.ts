/** `/secrets <command>`: acknowledged at once, answered privately through the response_url. */
import type { App } from "@slack/bolt";
import type { Deps } from "../../src/context.js";
import { markAcked, markListening } from "./ack-timing.js";
import { handleInteraction, slackEnv } from "./interaction.js";
import { responder } from "./response-url.js";
import { SLASH_COMMAND } from "./slack-messages.js";
import { yieldToOtherRequests } from "./work-after-ack.js";

export { SLASH_COMMAND };

export function registerSlashCommand(app: App, deps: Deps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, client, context }) => {
    markListening(context);
    // First, before any database or Web API work: Slack shows an error after three seconds.
    await ack();
    markAcked(context);
    await yieldToOtherRequests();
    await handleInteraction({
      deps,
      client,
      user: { teamId: command.team_id, userId: command.user_id },
      line: command.text.trim(),
      env: slackEnv(client, command.team_id, command.channel_id),
      triggerId: command.trigger_id,
      origin: { kind: "message", respond: responder(command.response_url), isClick: false, isShared: false },
    });
  });
}
