/** Reading what the bot sent to Slack: buttons, text, and the revealed value in a modal. */

export type FoundButton = { text: string; value: string; actionId: string; style?: string; confirm?: unknown };

function walk(node: unknown, visit: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const item of node) walk(item, visit);
  else if (node && typeof node === "object") {
    visit(node as Record<string, unknown>);
    for (const value of Object.values(node)) walk(value, visit);
  }
}

/** Every button anywhere in these blocks (sections' accessories and actions blocks). */
export function buttonsIn(blocks: unknown): FoundButton[] {
  const found: FoundButton[] = [];
  walk(blocks, (n) => {
    if (n.type !== "button") return;
    found.push({
      text: String((n.text as { text: string }).text),
      value: String(n.value),
      actionId: String(n.action_id),
      ...(n.style ? { style: String(n.style) } : {}),
      ...(n.confirm ? { confirm: n.confirm } : {}),
    });
  });
  return found;
}

/** All the text in these blocks, joined, for `toContain` checks. */
export function textOf(blocks: unknown): string {
  const parts: string[] = [];
  walk(blocks, (n) => {
    if (typeof n.text === "string") parts.push(n.text);
  });
  return parts.join("\n");
}

/** The value shown in a reveal modal's preformatted block, if there is one. */
export function revealedValue(view: unknown): string | undefined {
  let value: string | undefined;
  walk(view, (n) => {
    if (n.type === "rich_text_preformatted") value = textOf(n.elements);
  });
  return value;
}

/** Only the mrkdwn text (what Slack parses for mentions and links), joined. */
export function mrkdwnOf(blocks: unknown): string {
  const parts: string[] = [];
  walk(blocks, (n) => {
    if (n.type === "mrkdwn" && typeof n.text === "string") parts.push(n.text);
  });
  return parts.join("\n");
}
