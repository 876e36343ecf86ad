/**
 * Any form as a modal: the reply's own text above one input block per field (plain text, multi-line,
 * date picker, static select), under one callback id. Block ids are the field keys in Slack's
 * snake_case (`displayName` → `display_name`), so problems go beside the field they belong to. Hidden
 * values and the command travel in private_metadata; they only say which form this is — the command
 * checks them again, as words of its line, when the form is submitted.
 */
import type { types } from "@slack/bolt";
import { z } from "zod";
import type { FormProblems, FormValues } from "../../src/commands/submit-form.js";
import { type FormField, type FormReply, hiddenValues } from "../../src/reply.js";
import { BlockRenderer, mrkdwn, plain } from "./render-blocks.js";

export const FORM_CALLBACK = "steward:form";
const VALUE = "value";
/** Slack's limit on a plain-text input. */
const MAX_INPUT = 3000;

const blockIdOf = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const keyOf = (blockId: string): string => blockId.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const Metadata = z.object({
  command: z.string().min(1).max(64),
  /** The hidden fields' values, by key. */
  values: z.record(z.string().max(64), z.string().max(1000)),
  /** What the modal says while the submission runs. */
  progress: z.string().max(500).optional(),
});

const State = z.record(
  z.string().max(255),
  z.record(
    z.string().max(255),
    z.object({
      value: z.string().nullish(),
      selected_date: z.string().nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
    }),
  ),
);

function element(field: FormField): types.InputBlockElement {
  switch (field.kind) {
    case "date":
      return { type: "datepicker", action_id: VALUE, ...(field.value ? { initial_date: field.value } : {}) };
    case "choice": {
      const options = (field.choices ?? []).map((c) => ({ text: plain(c.label, 75), value: c.value }));
      const initial = options.find((o) => o.value === field.value);
      return { type: "static_select", action_id: VALUE, options, ...(initial ? { initial_option: initial } : {}) };
    }
    default: {
      const max = Math.min(field.maxLength ?? MAX_INPUT, MAX_INPUT);
      return {
        type: "plain_text_input",
        action_id: VALUE,
        max_length: max,
        ...(field.kind === "multiline" ? { multiline: true } : {}),
        ...(field.value ? { initial_value: field.value.slice(0, max) } : {}),
      };
    }
  }
}

/** A visible field's input, with the problem it came back with (a form shown again after a late check). */
function inputBlocks(field: FormField): types.KnownBlock[] {
  const input: types.InputBlock = {
    type: "input",
    block_id: blockIdOf(field.key),
    label: plain(field.label, 2000),
    optional: field.isRequired !== true,
    element: element(field),
    ...(field.hint ? { hint: plain(field.hint, 2000) } : {}),
  };
  if (!field.problem) return [input];
  return [input, { type: "context", elements: [mrkdwn(`❌ ${field.problem}`)] }];
}

/** The form as a modal; the reply's own title and text explain it above the inputs. */
export function formView(reply: FormReply): types.ModalView {
  const { form } = reply;
  const metadata: z.infer<typeof Metadata> = {
    command: form.command,
    values: hiddenValues(form),
    ...(form.progress ? { progress: form.progress } : {}),
  };
  return {
    type: "modal",
    callback_id: FORM_CALLBACK,
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain("Cancel", 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      ...new BlockRenderer("none").render(reply),
      ...form.fields.filter((f) => f.kind !== "hidden").flatMap(inputBlocks),
    ],
  };
}

/** The parts of a submitted view that are read; everything else in it is ignored. */
export type SubmittedView = { private_metadata?: string; state?: { values?: unknown } };

export type Submission = { command: string; values: FormValues; progress?: string };

/**
 * The command and the values of a submitted form: what was entered, by field key, and the hidden values
 * from the metadata. A view that cannot be read is a form of no command, which the core says is out of date.
 */
export function readSubmission(view: SubmittedView): Submission {
  const metadata = Metadata.safeParse(safeJson(view.private_metadata));
  const state = State.safeParse(view.state?.values ?? {});
  if (!metadata.success || !state.success) return { command: "", values: {} };
  const entered: FormValues = {};
  for (const [blockId, actions] of Object.entries(state.data)) {
    const input = actions[VALUE];
    if (input) entered[keyOf(blockId)] = input.value ?? input.selected_date ?? input.selected_option?.value ?? "";
  }
  const { command, values, progress } = metadata.data;
  return { command, values: { ...entered, ...values }, ...(progress ? { progress } : {}) };
}

/** The core's problems as `response_action: errors` wants them: by block id. */
export const blockErrors = (problems: FormProblems): Record<string, string> =>
  Object.fromEntries(Object.entries(problems).map(([key, problem]) => [blockIdOf(key), problem]));

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
}
