/**
 * The neutral markup (*bold* and `code`) as the Markdown subset Adaptive Cards render in Teams:
 * **bold**; code has no inline form there, so it stays as plain text. A display name typed by a person
 * must not become a link, so the `](` of Markdown link syntax is broken up.
 */
import type { ITextBlock } from "@microsoft/teams.cards";
import { clip, visible } from "../../src/messages/markup.js";

const defuse = (text: string): string => text.replace(/\]\s*\(/g, "]\u200b(");

/** The neutral markup as Adaptive Card Markdown. */
export function cardText(text: string, max = 4000): string {
  const parts = clip(visible(text), max).split(/(`[^`\n]+`|\*[^*\n]+\*)/);
  return parts
    .map((part) => {
      if (/^`[^`\n]+`$/.test(part)) return defuse(part.slice(1, -1));
      if (/^\*[^*\n]+\*$/.test(part)) return `**${defuse(part.slice(1, -1))}**`;
      return defuse(part);
    })
    .join("");
}

/** A wrapping TextBlock of neutral markup. */
export const textBlock = (text: string, extra: Partial<ITextBlock> = {}): ITextBlock => ({
  type: "TextBlock",
  text: cardText(text),
  wrap: true,
  ...extra,
});
