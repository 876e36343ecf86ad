/**
 * Renders the neutral reply as Block Kit. Every button runs its command line again as whoever clicks
 * it (the value is that line, the action id is unique within the message); destructive buttons carry
 * Slack's confirm dialog, which is a courtesy, never the check.
 */
import type { types } from "@slack/bolt";
import { isoMinute } from "../../src/messages/format.js";
import { clip, plainText, visible } from "../../src/messages/markup.js";
import type { Action, Block, Field, Reply } from "../../src/reply.js";
import { slackText } from "./slack-messages.js";

export const RUN_ACTION = "steward:run";

/** interactive: real buttons · as-text: the command to type (a reveal modal has no buttons) · none: left out. */
export type ButtonMode = "interactive" | "as-text" | "none";

/** Slack mrkdwn reads &, < and > as control characters: escaped, a display name cannot ping @channel or forge a link. */
export const escapeMrkdwn = (text: string): string =>
  visible(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const plain = (text: string, max: number): types.PlainTextElement => ({
  type: "plain_text",
  text: clip(plainText(text), max),
  emoji: true,
});

export const mrkdwn = (text: string, max = 3000): types.MrkdwnElement => ({
  type: "mrkdwn",
  text: clip(escapeMrkdwn(text), max).replace(/&[a-z]*…$/, "…"),
});

const fieldText = (f: Field) => mrkdwn(`*${f.label}*\n${f.value}`, 2000);

export class BlockRenderer {
  private count = 0;
  constructor(private readonly mode: ButtonMode) {}

  button(action: Action): types.Button {
    this.count += 1;
    return {
      type: "button",
      action_id: `${RUN_ACTION}:${this.count}`,
      text: plain(action.label, 75),
      value: action.command,
      ...(action.style ? { style: action.style } : {}),
      ...(action.confirm
        ? {
            confirm: {
              title: plain(action.confirm.title, 100),
              text: plain(action.confirm.text, 300),
              confirm: plain(action.confirm.yes, 30),
              deny: plain(action.confirm.no, 30),
              ...(action.style === "danger" ? { style: "danger" as const } : {}),
            },
          }
        : {}),
    };
  }

  private actions(actions: Action[]): types.KnownBlock[] {
    if (this.mode === "none" || actions.length === 0) return [];
    if (this.mode === "as-text") {
      return [
        { type: "context", elements: [mrkdwn(actions.map((a) => slackText.staticAction(a.command)).join(" · "))] },
      ];
    }
    return [{ type: "actions", elements: actions.slice(0, 25).map((a) => this.button(a)) }];
  }

  private block(block: Block): types.KnownBlock[] {
    switch (block.type) {
      case "text":
        return [{ type: "section", text: mrkdwn(block.text) }];
      case "divider":
        return [{ type: "divider" }];
      case "fields":
        return chunks(block.fields, 10).map((fields) => ({ type: "section", fields: fields.map(fieldText) }));
      case "actions":
        return this.actions(block.actions);
      case "item": {
        const { accessory } = block;
        const asText = accessory && this.mode === "as-text" ? ` → ${slackText.staticAction(accessory.command)}` : "";
        const section: types.SectionBlock = { type: "section", text: mrkdwn(block.text + asText) };
        if (block.fields?.length) section.fields = block.fields.slice(0, 10).map(fieldText);
        if (accessory && this.mode === "interactive") section.accessory = this.button(accessory);
        return [section];
      }
    }
  }

  /** The reply's title, blocks and confirmation buttons; the secret value is never part of them. */
  render(reply: Reply): types.KnownBlock[] {
    const blocks: types.KnownBlock[] = [];
    if (reply.title) blocks.push({ type: "header", text: plain(reply.title, 150) });
    for (const block of reply.blocks) blocks.push(...this.block(block));
    const { confirmation } = reply;
    if (confirmation && this.mode === "interactive") {
      blocks.push(...this.actions([confirmation.yes, confirmation.no]));
      const note = slackText.confirmationNote(isoMinute(confirmation.expiresAt));
      blocks.push({ type: "context", elements: [mrkdwn(note)] });
    }
    return blocks;
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Keeps within Slack's block limit (50 in a message, 100 in a view), saying how many were left out. */
export function withinLimit(blocks: types.KnownBlock[], max: number): types.KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, { type: "context", elements: [mrkdwn(slackText.moreNotShown(blocks.length - kept.length))] }];
}

/** The notification text that goes with the blocks: the title or the first line. */
export function fallbackText(reply: Reply): string {
  const first = reply.blocks.find((b) => b.type === "text" || b.type === "item");
  const text = reply.title ?? (first && "text" in first ? first.text : "Secret Steward");
  // Escaped like any mrkdwn: Slack reads this text for notifications, where <!channel> would still ping.
  return escapeMrkdwn(clip(plainText(text), 300));
}

/**
 * A reply as a channel message (for expiry alerts): text and blocks with working buttons, each run as
 * whoever clicks it. A reply carrying a secret value is refused: a value never goes into a channel.
 */
export function slackMessage(reply: Reply): { text: string; blocks: types.KnownBlock[] } {
  if (reply.secret) throw new Error("a secret value never goes into a Slack message");
  return { text: fallbackText(reply), blocks: withinLimit(new BlockRenderer("interactive").render(reply), 50) };
}
