/** Reading Adaptive Cards the way a person sees them: their text, their buttons, their inputs. */
import type { ConnectorCall } from "../../fakes/fake-bot-connector.js";

export type Card = { type: string; version: string; body: Node[]; actions?: Node[] };
type Node = Record<string, unknown>;

export type Button = { title: string; verb: string; data: Record<string, unknown>; style?: string };

/** The Adaptive Card a message to the Bot Connector carries. */
export function cardOf(call: ConnectorCall): Card {
  const attachments = call.body.attachments as Array<{ contentType: string; content: Card }> | undefined;
  const card = attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive")?.content;
  if (!card) throw new Error(`no Adaptive Card in ${call.raw.slice(0, 200)}`);
  return card;
}

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  visit(node as Node);
  for (const key of ["body", "items", "columns", "actions", "facts"]) walk((node as Node)[key], visit);
}

/** Every visible text: text blocks, facts (`title: value`) and button titles, one per line. */
export function textOf(card: Card): string {
  const lines: string[] = [];
  walk(card, (n) => {
    if (n.type === "TextBlock") lines.push(String(n.text));
    else if ("title" in n && "value" in n && !("type" in n)) lines.push(`${n.title}: ${n.value}`);
    else if (n.type === "Action.Execute") lines.push(`[${n.title}]`);
  });
  return lines.join("\n");
}

export function buttonsOf(card: Card): Button[] {
  const buttons: Button[] = [];
  walk(card, (n) => {
    if (n.type !== "Action.Execute") return;
    buttons.push({
      title: String(n.title),
      verb: String(n.verb),
      data: (n.data ?? {}) as Record<string, unknown>,
      ...(n.style ? { style: String(n.style) } : {}),
    });
  });
  return buttons;
}

export function button(card: Card, title: string): Button {
  const found = buttonsOf(card).find((b) => b.title === title);
  if (!found) throw new Error(`no button "${title}" in: ${buttonsOf(card).map((b) => b.title)}`);
  return found;
}

export function inputsOf(card: Card): Node[] {
  const inputs: Node[] = [];
  walk(card, (n) => {
    if (String(n.type).startsWith("Input.")) inputs.push(n);
  });
  return inputs;
}
