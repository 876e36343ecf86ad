/**
 * Any form as an Adaptive Card: the reply's own text, then an input per field (Input.Text, multi-line
 * or not, Input.Date with its earliest and latest date, Input.ChoiceSet), each with its problem under
 * it when the form comes back to be corrected. One submit button (Action.Execute, verb `submit`) whose
 * data names the command and carries the hidden values; Teams merges the inputs in by their ids, the
 * field keys. Nothing in that data is trusted: the command checks it all again as words of its line.
 */
import type { CardElement, CardElementArray, IAdaptiveCard } from "@microsoft/teams.cards";
import { clip, plainText } from "../../src/messages/markup.js";
import { type FormField, type FormReply, hiddenValues } from "../../src/reply.js";
import { ExecuteVerb } from "./activity-schemas.js";
import { textBlock } from "./card-text.js";
import { card, renderCard } from "./render-card.js";

function input(field: FormField): CardElement {
  const common = {
    id: field.key,
    label: clip(plainText(field.label), 200),
    isRequired: field.isRequired === true,
    ...(field.requiredMessage ? { errorMessage: field.requiredMessage } : {}),
  };
  switch (field.kind) {
    case "date":
      return {
        type: "Input.Date",
        ...common,
        ...(field.value ? { value: field.value } : {}),
        ...(field.min ? { min: field.min } : {}),
        ...(field.max ? { max: field.max } : {}),
      };
    case "choice":
      return {
        type: "Input.ChoiceSet",
        ...common,
        style: "compact",
        choices: (field.choices ?? []).map((c) => ({ title: clip(plainText(c.label), 200), value: c.value })),
        ...(field.value ? { value: field.value } : {}),
      };
    default:
      return {
        type: "Input.Text",
        ...common,
        ...(field.kind === "multiline" ? { isMultiline: true } : {}),
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(field.value ? { value: field.maxLength ? field.value.slice(0, field.maxLength) : field.value } : {}),
      };
  }
}

const fieldElements = (field: FormField): CardElementArray => [
  input(field),
  ...(field.problem ? [textBlock(`❌ ${field.problem}`, { color: "Attention", spacing: "None" })] : []),
  ...(field.hint ? [textBlock(field.hint, { isSubtle: true, size: "Small" })] : []),
];

/** The form card: what the reply says, the inputs, and the button that submits them. */
export function formCard(reply: FormReply): IAdaptiveCard {
  const { form } = reply;
  const intro = renderCard({ ...reply, form: undefined }, { mayRevealSecret: false });
  return card(
    [...intro.body, ...form.fields.filter((f) => f.kind !== "hidden").flatMap(fieldElements)],
    [
      {
        type: "Action.Execute",
        title: clip(plainText(form.submitLabel), 60),
        verb: ExecuteVerb.submit,
        style: "positive",
        data: { ...hiddenValues(form), command: form.command },
      },
    ],
  );
}
