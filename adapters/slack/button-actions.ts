/**
 * Button clicks. A button's value is a command line; it runs as the person who clicked, whose grants
 * are looked up again now. Nothing else in the payload is trusted: not the application named in it,
 * not the message it sits in, not who it was first shown to.
 */
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { Deps } from "../../src/context.js";
import { markAcked, markListening } from "./ack-timing.js";
import { handleInteraction, type Origin, slackEnv } from "./interaction.js";
import { SHARE_ACTION } from "./message-reply.js";
import { RUN_ACTION } from "./render-blocks.js";
import { responder } from "./response-url.js";
import { yieldToOtherRequests } from "./work-after-ack.js";

const OUR_BUTTONS = new RegExp(`^(${RUN_ACTION}|${SHARE_ACTION})(:|$)`);

function originOf(body: BlockAction<ButtonAction>, actionId: string): Origin {
  if (body.view?.type === "home") return { kind: "home" };
  if (body.view) return { kind: "modal", viewId: body.view.id };
  return { kind: "message", respond: responder(body.response_url), isClick: true, isShared: actionId === SHARE_ACTION };
}

export function registerButtons(app: App, deps: Deps): void {
  app.action<BlockAction<ButtonAction>>(
    { type: "block_actions", action_id: OUR_BUTTONS },
    async ({ ack, body, action, client, context }) => {
      markListening(context);
      await ack();
      markAcked(context);
      await yieldToOtherRequests();
      if (action.type !== "button" || !action.value) return;
      const teamId = body.team?.id ?? body.user.team_id ?? "";
      const channelId = body.channel?.id ?? (body.container.channel_id as string | undefined);
      await handleInteraction({
        deps,
        client,
        user: { teamId, userId: body.user.id },
        line: action.value,
        env: slackEnv(client, teamId, channelId),
        triggerId: body.trigger_id,
        origin: originOf(body, action.action_id),
      });
    },
  );
}
