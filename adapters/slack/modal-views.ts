/**
 * Modals: a placeholder opened at once (a trigger id lasts three seconds), an answer, and the one
 * place a secret value is ever shown in Slack — the reveal, sent only with views.update.
 */
import type { types } from "@slack/bolt";
import type { Reply, SecretReveal } from "../../src/reply.js";
import { BlockRenderer, mrkdwn, plain, withinLimit } from "./render-blocks.js";
import { slackText } from "./slack-messages.js";

export const REPLY_CALLBACK = "steward:reply";
export const REVEAL_CALLBACK = "steward:reveal";
const MAX_VIEW_BLOCKS = 100;

const modal = (callbackId: string, blocks: types.KnownBlock[], close = "Close"): types.ModalView => ({
  type: "modal",
  callback_id: callbackId,
  title: plain("Secret Steward", 24),
  close: plain(close, 24),
  blocks: withinLimit(blocks, MAX_VIEW_BLOCKS),
});

/** Shown while the answer is worked out; replaced with views.update. */
export const waitingView = (text: string = slackText.loading()): types.ModalView =>
  modal(REPLY_CALLBACK, [{ type: "section", text: mrkdwn(text) }]);

/** Any answer that is not a form or a reveal: details, a confirmation, an error. Buttons work inside it. */
export const replyView = (reply: Reply): types.ModalView =>
  modal(REPLY_CALLBACK, new BlockRenderer("interactive").render(reply));

/** The value as preformatted text, which Slack shows verbatim and offers to copy in one piece. */
const valueBlock = (value: string): types.RichTextBlock => ({
  type: "rich_text",
  elements: [{ type: "rich_text_preformatted", elements: [{ type: "text", text: value }] }],
});

/**
 * The one-time reveal. It has no buttons and no inputs on purpose: a click or a submission would send
 * the whole view, value included, back through Slack. Later steps are shown as commands to type.
 */
export function revealView(reply: Reply & { secret: SecretReveal }): types.ModalView {
  const blocks: types.KnownBlock[] = [
    { type: "header", text: plain(reply.title ?? "New client secret", 150) },
    valueBlock(reply.secret.value),
    ...new BlockRenderer("as-text").render({ ...reply, title: undefined }),
  ];
  if (reply.blocks.some((b) => b.type === "item" && b.accessory)) {
    blocks.push({ type: "context", elements: [mrkdwn(slackText.revealLater())] });
  }
  return { ...modal(REVEAL_CALLBACK, blocks, "Done"), clear_on_close: true };
}
