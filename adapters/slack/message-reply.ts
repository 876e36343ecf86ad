/**
 * Answers in a message through the response_url Slack gave with the command or click: private
 * (ephemeral) unless the person shared a list in the channel. Errors are never shared, and a reply
 * carrying a secret value never goes into a message at all.
 */
import type { types } from "@slack/bolt";
import type { Ctx } from "../../src/context.js";
import type { Reply } from "../../src/reply.js";
import type { Inspected } from "./interaction.js";
import { withdrawUnseen } from "./modal-reply.js";
import { BlockRenderer, fallbackText, plain, withinLimit } from "./render-blocks.js";
import { slackFailure } from "./slack-logger.js";
import { slackText } from "./slack-messages.js";

export const SHARE_ACTION = "steward:share";
const MAX_MESSAGE_BLOCKS = 50;

const shareButton = (line: string): types.ActionsBlock => ({
  type: "actions",
  elements: [{ type: "button", action_id: SHARE_ACTION, text: plain(slackText.shareButton(), 75), value: line }],
});

/** A mention, written raw: user ids come from Slack's signed payload and are checked to be plain ids. */
const sharedBy = (userId: string): types.ContextBlock => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: slackText.sharedBy(/^[A-Z0-9]+$/.test(userId) ? userId : "unknown") }],
});

export async function sendMessage(i: Inspected, ctx: Ctx | undefined, reply: Reply): Promise<void> {
  if (i.origin.kind !== "message") return;
  if (reply.secret) {
    if (ctx) await withdrawUnseen(i, ctx, reply.secret);
    return;
  }
  const { respond, isClick } = i.origin;
  const isShared = (i.origin.isShared || i.facts.isShared) && reply.tone !== "error";
  const blocks = new BlockRenderer(isShared ? "none" : "interactive").render(reply);
  if (isShared) blocks.push(sharedBy(i.user.userId));
  else if (i.env.channel && reply.tone !== "error" && i.facts.traits.isShareable) blocks.push(shareButton(i.line));
  try {
    await respond({
      response_type: isShared ? "in_channel" : "ephemeral",
      ...(isClick ? { replace_original: i.facts.traits.answersConfirmation === true } : {}),
      text: fallbackText(reply),
      blocks: withinLimit(blocks, MAX_MESSAGE_BLOCKS),
    });
  } catch (error) {
    i.deps.log.warn(slackFailure(error), "could not answer through the response_url");
  }
}
