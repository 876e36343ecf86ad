/**
 * A neutral reply as the portal shows it: plain data for the templates (templates.ts), which escape
 * every value. The reply's small markup (`*bold*`, `` `code` ``) becomes segments, never HTML; a button
 * that only reads (`show`, `list`, …) becomes a link to its page, any other a form that posts its command.
 */
import { commandNames } from "../../src/commands/names.js";
import { tokenize } from "../../src/commands/tokenize.js";
import { visible } from "../../src/messages/markup.js";
import type { Action, Block, Form, FormField, Reply, Tone } from "../../src/reply.js";

export type Segment = { kind: "text" | "strong" | "code"; text: string };
export type ActionView =
  | { kind: "link"; label: string; href: string }
  | { kind: "post"; label: string; command: string; style: string };
export type FieldView = { label: string; value: Segment[] };
export type BlockView =
  | { type: "text"; text: Segment[] }
  | { type: "fields"; fields: FieldView[] }
  | { type: "item"; text: Segment[]; fields: FieldView[]; accessory: ActionView | null }
  | { type: "actions"; actions: ActionView[] }
  | { type: "divider" };

export type FormFieldView = FormField & { id: string; problemId: string; hintId: string };
export type FormView = Omit<Form, "fields"> & { fields: FormFieldView[]; hidden: FormField[]; problems: number };

export type ReplyView = {
  tone: Tone;
  title: Segment[] | null;
  blocks: BlockView[];
  confirmation: { question: Segment[]; yes: ActionView; no: ActionView } | null;
  form: FormView | null;
};

/** `*bold*` and `` `code` `` as segments; everything else is text (escaped by the template). */
export function segments(markup: string): Segment[] {
  const out: Segment[] = [];
  const pattern = /\*([^*\n]+)\*|`([^`\n]+)`/g;
  const text = visible(markup);
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) out.push({ kind: "text", text: text.slice(last, m.index) });
    out.push(m[1] !== undefined ? { kind: "strong", text: m[1] } : { kind: "code", text: m[2] ?? "" });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

export const appPath = (clientId: string): string => `/portal/apps/${encodeURIComponent(clientId)}`;

/** The page a reading command has, if it has one. */
export function pageOf(command: string): string | null {
  let words: string[];
  try {
    words = tokenize(command);
  } catch {
    return null;
  }
  const [name, first, ...rest] = words;
  if (rest.length > 0) return null;
  if (name === commandNames.show && first) return appPath(first);
  if (name === commandNames.list && !first) return "/portal/";
  if (name === commandNames.requests && !first) return "/portal/requests";
  if (name === commandNames.audit) return first ? `/portal/audit?app=${encodeURIComponent(first)}` : "/portal/audit";
  return null;
}

export function actionView(action: Action): ActionView {
  const href = pageOf(action.command);
  if (href) return { kind: "link", label: action.label, href };
  return { kind: "post", label: action.label, command: action.command, style: action.style ?? "" };
}

const fieldViews = (fields: { label: string; value: string }[] = []): FieldView[] =>
  fields.map((f) => ({ label: visible(f.label), value: segments(f.value) }));

function blockView(block: Block): BlockView {
  switch (block.type) {
    case "text":
      return { type: "text", text: segments(block.text) };
    case "fields":
      return { type: "fields", fields: fieldViews(block.fields) };
    case "item":
      return {
        type: "item",
        text: segments(block.text),
        fields: fieldViews(block.fields),
        accessory: block.accessory ? actionView(block.accessory) : null,
      };
    case "actions":
      return { type: "actions", actions: block.actions.map(actionView) };
    case "divider":
      return { type: "divider" };
  }
}

export function formView(form: Form): FormView {
  const visibleFields = form.fields.filter((f) => f.kind !== "hidden");
  return {
    ...form,
    fields: visibleFields.map((f) => ({
      ...f,
      id: `field-${f.key}`,
      problemId: `problem-${f.key}`,
      hintId: `hint-${f.key}`,
    })),
    hidden: form.fields.filter((f) => f.kind === "hidden" && f.value !== undefined),
    problems: visibleFields.filter((f) => f.problem).length,
  };
}

/** The reply without its secret value: what templates show around it, and what a flash may keep. */
export function replyView(reply: Reply): ReplyView {
  return {
    tone: reply.tone,
    title: reply.title ? segments(reply.title) : null,
    blocks: reply.blocks.map(blockView),
    confirmation: reply.confirmation
      ? {
          question: segments(reply.confirmation.question),
          yes: actionView(reply.confirmation.yes),
          no: actionView(reply.confirmation.no),
        }
      : null,
    form: reply.form ? formView(reply.form) : null,
  };
}
