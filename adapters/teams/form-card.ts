/**
 * The create (and rotate) form as an Adaptive Card: a display name (Input.Text) and an expiry date
 * (Input.Date with the default, earliest and latest date from the form), checked when submitted, with
 * problems shown on the card under the field. The application in the action data only says which form
 * this is; who may create is decided again when it is submitted.
 */
import type { CardElementArray, IAdaptiveCard } from "@microsoft/teams.cards";
import type { CreateFormProblems } from "../../src/commands/create-form.js";
import { errors } from "../../src/messages/errors.js";
import { createForm } from "../../src/messages/secrets.js";
import type { CreateSecretForm } from "../../src/reply.js";
import { DISPLAY_NAME_MAX } from "../../src/verbs/create-client-secret.js";
import { ExecuteVerb } from "./activity-schemas.js";
import { card, renderCard } from "./render-card.js";
import { teamsText } from "./teams-messages.js";

export const NAME_INPUT = "displayName";
export const EXPIRY_INPUT = "expiresOn";

export type FormProblems = { [NAME_INPUT]?: string; [EXPIRY_INPUT]?: string };

const problem = (text: string | undefined): CardElementArray =>
  text ? [{ type: "TextBlock", text: `❌ ${text}`, color: "Attention", wrap: true, spacing: "None" }] : [];

/** The form card; `entered` and `problems` come back after a submission that did not pass. */
export function formCard(
  form: CreateSecretForm,
  entered: { displayName: string; expiresOn: string } | undefined = undefined,
  problems: FormProblems = {},
): IAdaptiveCard {
  const intro = renderCard(createForm(form), { mayRevealSecret: false });
  const body: CardElementArray = [
    ...intro.body,
    {
      type: "Input.Text",
      id: NAME_INPUT,
      label: "Display name",
      value: (entered?.displayName ?? form.defaultDisplayName).slice(0, DISPLAY_NAME_MAX),
      maxLength: DISPLAY_NAME_MAX,
      isRequired: true,
      errorMessage: errors.displayNameRequired(),
    },
    ...problem(problems[NAME_INPUT]),
    {
      type: "Input.Date",
      id: EXPIRY_INPUT,
      label: "Expires on",
      value: entered?.expiresOn || form.defaultExpiresOn,
      min: form.minExpiresOn,
      max: form.maxExpiresOn,
      isRequired: true,
      errorMessage: errors.expiryRequired(),
    },
    ...problem(problems[EXPIRY_INPUT]),
    { type: "TextBlock", text: teamsText.expiryHint(form.maxExpiresOn), isSubtle: true, size: "Small", wrap: true },
  ];
  return card(body, [
    {
      type: "Action.Execute",
      title: form.isRotation ? "Rotate" : "Create",
      verb: ExecuteVerb.create,
      style: "positive",
      data: {
        application: form.clientId,
        isRotation: form.isRotation,
        ...(form.replacing ? { replacing: form.replacing } : {}),
      },
    },
  ]);
}

/** The core's problems with a submitted form, keyed by this card's input ids. */
export function formProblems(checked: CreateFormProblems): FormProblems {
  const problems: FormProblems = {};
  if (checked.displayName) problems[NAME_INPUT] = checked.displayName;
  if (checked.expiresOn) problems[EXPIRY_INPUT] = checked.expiresOn;
  return problems;
}
