/**
 * Renders a neutral reply as plain text for the console and the CLI. The secret value, when present,
 * is printed once in its own box; nothing else in the reply carries it.
 */
import { plainText, visible } from "../../src/messages/markup.js";
import type { Action, Block, Field, Reply } from "../../src/reply.js";

const fieldLine = (fields: Field[]): string => fields.map((f) => `${f.label}: ${plainText(f.value)}`).join(" · ");

const actionHint = (a: Action): string => `[${a.label}: ${a.command}]`;

function renderBlock(block: Block): string[] {
  switch (block.type) {
    case "text":
      return [plainText(block.text)];
    case "fields":
      return block.fields.map((f) => `  ${f.label}: ${plainText(f.value)}`);
    case "item": {
      const lines = [`• ${plainText(block.text)}`];
      if (block.fields?.length) lines.push(`    ${fieldLine(block.fields)}`);
      if (block.accessory) lines.push(`    ${actionHint(block.accessory)}`);
      return lines;
    }
    case "actions":
      return [`Next: ${block.actions.map(actionHint).join("  ")}`];
    case "divider":
      return [""];
  }
}

/** The reply as lines of text, without the confirmation prompt (the console asks that itself). */
export function renderText(reply: Reply): string {
  const lines: string[] = [];
  if (reply.title) lines.push(plainText(reply.title));
  for (const block of reply.blocks) lines.push(...renderBlock(block));
  if (reply.secret) {
    const rule = "─".repeat(reply.secret.value.length + 2);
    lines.push(
      "",
      `┌${rule}┐`,
      `│ ${reply.secret.value} │   ← your new client secret, shown only this once`,
      `└${rule}┘`,
    );
  }
  // Labels and commands too: no control character reaches the terminal (see src/names.ts).
  return visible(lines.join("\n"));
}
