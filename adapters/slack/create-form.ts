/**
 * The create (and rotate) modal: a display name and an expiry date, checked on submit before anything
 * is created, with problems shown beside the field (`response_action: errors`). The application in
 * private_metadata only says which form this is; who may create is decided again at submit.
 */
import type { types } from "@slack/bolt";
import { z } from "zod";
import { checkCreateForm } from "../../src/commands/create-form.js";
import type { Deps } from "../../src/context.js";
import type { CreateSecretForm, Reply } from "../../src/reply.js";
import { DISPLAY_NAME_MAX } from "../../src/verbs/create-client-secret.js";
import { BlockRenderer, plain } from "./render-blocks.js";
import { slackText } from "./slack-messages.js";

export const CREATE_CALLBACK = "steward:create-secret";
export const NAME_BLOCK = "display_name";
export const EXPIRY_BLOCK = "expires_on";
const VALUE = "value";

const Metadata = z.object({
  application: z.string().min(1).max(200),
  name: z.string().max(200),
  isRotation: z.boolean(),
  /** The older secret the form said creating ends (Keycloak); submitting agrees to it. */
  replacing: z.string().max(400).optional(),
});

const State = z.object({
  [NAME_BLOCK]: z.object({ [VALUE]: z.object({ value: z.string().nullish() }) }),
  [EXPIRY_BLOCK]: z.object({ [VALUE]: z.object({ selected_date: z.string().nullish() }) }),
});

/** The form as a modal; the reply's own text explains it above the inputs. */
export function formView(reply: Reply & { form: CreateSecretForm }): types.ModalView {
  const { form } = reply;
  const metadata: z.infer<typeof Metadata> = {
    application: form.clientId,
    name: form.applicationName,
    isRotation: form.isRotation,
    ...(form.replacing ? { replacing: form.replacing } : {}),
  };
  return {
    type: "modal",
    callback_id: CREATE_CALLBACK,
    title: plain(form.isRotation ? "Rotate secret" : "New client secret", 24),
    submit: plain(form.isRotation ? "Rotate" : "Create", 24),
    close: plain("Cancel", 24),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      ...new BlockRenderer("none").render(reply),
      {
        type: "input",
        block_id: NAME_BLOCK,
        label: plain("Display name", 2000),
        element: {
          type: "plain_text_input",
          action_id: VALUE,
          initial_value: form.defaultDisplayName.slice(0, DISPLAY_NAME_MAX),
          max_length: DISPLAY_NAME_MAX,
        },
      },
      {
        type: "input",
        block_id: EXPIRY_BLOCK,
        label: plain("Expires on", 2000),
        hint: plain(`At the latest ${form.maxExpiresOn}. API clients stop at the end of that day (UTC).`, 2000),
        element: { type: "datepicker", action_id: VALUE, initial_date: form.defaultExpiresOn },
      },
    ],
  };
}

export type CreateFormInput = {
  application: string;
  applicationName: string;
  isRotation: boolean;
  displayName: string;
  expiresOn: string;
  replacing?: string;
};

/** The parts of a submitted view that are read; everything else in it is ignored. */
export type SubmittedView = { private_metadata?: string; state?: { values?: unknown } };

export type FormCheck = { ok: true; input: CreateFormInput } | { ok: false; errors: Record<string, string> };

/** Reads and checks a submitted form. Pure: no database and no Slack call, so it runs before ack(). */
export function readCreateForm(deps: Pick<Deps, "clock" | "config" | "provider">, view: SubmittedView): FormCheck {
  const metadata = Metadata.safeParse(safeJson(view.private_metadata));
  const state = State.safeParse(view.state?.values);
  if (!metadata.success || !state.success) return { ok: false, errors: { [NAME_BLOCK]: slackText.formOutdated() } };
  const displayName = state.data[NAME_BLOCK][VALUE].value?.trim() ?? "";
  const expiresOn = state.data[EXPIRY_BLOCK][VALUE].selected_date ?? "";
  const checked = checkCreateForm(deps, { displayName, expiresOn });
  const problems: Record<string, string> = {};
  if (checked.displayName) problems[NAME_BLOCK] = checked.displayName;
  if (checked.expiresOn) problems[EXPIRY_BLOCK] = checked.expiresOn;
  if (Object.keys(problems).length > 0) return { ok: false, errors: problems };
  const { application, name, isRotation, replacing } = metadata.data;
  return { ok: true, input: { application, applicationName: name, isRotation, displayName, expiresOn, replacing } };
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
}
