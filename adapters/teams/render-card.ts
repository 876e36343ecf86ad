/**
 * Renders the neutral reply as an Adaptive Card (schema 1.5). Every button is an Action.Execute whose
 * data is the command line it runs again, as whoever clicks it; nothing else in it is trusted. A reply
 * with a secret value renders only where the caller says it may (the creator's 1:1 chat).
 */
import type { CardElementArray, IActionSet, IAdaptiveCard, IExecuteAction, IFactSet } from "@microsoft/teams.cards";
import { isoMinute } from "../../src/messages/format.js";
import { clip, plainText } from "../../src/messages/markup.js";
import type { Action, Block, Field, Reply, SecretReveal, Tone } from "../../src/reply.js";
import { ExecuteVerb } from "./activity-schemas.js";
import { cardText, textBlock } from "./card-text.js";
import { teamsText } from "./teams-messages.js";

/** Teams refuses cards above about 28 KB; a long list is cut with a note rather than not sent. */
const MAX_ELEMENTS = 60;

const titleColor: Record<Tone, "Default" | "Good" | "Attention" | "Warning"> = {
  info: "Default",
  success: "Good",
  error: "Attention",
  waiting: "Default",
  warning: "Warning",
};

/** A button that runs `action.command` as the person who clicks it. */
export function button(action: Action): IExecuteAction {
  return {
    type: "Action.Execute",
    title: clip(plainText(action.label), 60),
    verb: ExecuteVerb.run,
    data: { command: action.command },
    ...(action.style === "danger" ? { style: "destructive" as const } : {}),
    ...(action.style === "primary" ? { style: "positive" as const } : {}),
  };
}

const facts = (fields: Field[]): IFactSet => ({
  type: "FactSet",
  facts: fields.map((f) => ({ title: clip(plainText(f.label), 100), value: cardText(f.value, 1000) })),
});

const actionSet = (actions: Action[]): IActionSet => ({ type: "ActionSet", actions: actions.slice(0, 6).map(button) });

function element(block: Block): CardElementArray {
  switch (block.type) {
    case "text":
      return [textBlock(block.text)];
    case "divider":
      return [{ type: "TextBlock", text: " ", separator: true, spacing: "Small" }];
    case "fields":
      return [facts(block.fields)];
    case "actions":
      return block.actions.length > 0 ? [actionSet(block.actions)] : [];
    case "item": {
      const items: CardElementArray = [textBlock(block.text)];
      if (block.fields?.length) items.push(facts(block.fields));
      if (!block.accessory) return [{ type: "Container", separator: true, items }];
      return [
        {
          type: "ColumnSet",
          separator: true,
          columns: [
            { type: "Column", width: "stretch", items },
            {
              type: "Column",
              width: "auto",
              verticalContentAlignment: "Center",
              items: [actionSet([block.accessory])],
            },
          ],
        },
      ];
    }
  }
}

function secretElements(secret: SecretReveal): CardElementArray {
  return [
    textBlock(`*${teamsText.valueLabel()}*`, { separator: true }),
    { type: "TextBlock", text: secret.value, fontType: "Monospace", wrap: true, size: "Medium" },
    {
      type: "ActionSet",
      actions: [
        {
          type: "Action.Execute",
          title: teamsText.hideValue(),
          verb: ExecuteVerb.hide,
          data: { application: secret.applicationName },
        },
      ],
    },
  ];
}

/** The whole card; `mayRevealSecret` is true only in the 1:1 chat of the person who created the secret. */
export function renderCard(reply: Reply, options: { mayRevealSecret: boolean }): IAdaptiveCard {
  if (reply.secret && !options.mayRevealSecret) throw new Error("a secret value is only shown in a personal chat");
  const body: CardElementArray = [];
  if (reply.title) {
    body.push(textBlock(reply.title, { size: "Medium", weight: "Bolder", color: titleColor[reply.tone] }));
  }
  for (const block of reply.blocks) body.push(...element(block));
  if (reply.secret) body.splice(reply.title ? 1 : 0, 0, ...secretElements(reply.secret));
  if (reply.confirmation) {
    body.push(actionSet([reply.confirmation.yes, reply.confirmation.no]));
    body.push(
      textBlock(teamsText.confirmationNote(isoMinute(reply.confirmation.expiresAt)), { isSubtle: true, size: "Small" }),
    );
  }
  if (body.length > MAX_ELEMENTS) {
    const left = body.length - (MAX_ELEMENTS - 1);
    body.splice(MAX_ELEMENTS - 1, body.length, textBlock(teamsText.moreNotShown(left), { isSubtle: true }));
  }
  return card(body);
}

/** An Adaptive Card 1.5 with these elements, full width in Teams. */
export const card = (body: CardElementArray, actions?: IAdaptiveCard["actions"]): IAdaptiveCard => ({
  type: "AdaptiveCard",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: "1.5",
  msteams: { width: "full" },
  body,
  ...(actions ? { actions } : {}),
});
