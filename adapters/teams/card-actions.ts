/**
 * A click on a card button (Action.Execute, invoke `adaptiveCard/action`). The button's command line is
 * run again as whoever clicked, found afresh from their AAD object id, so every click is authorised
 * again and nothing else in the payload is trusted. Confirmations and forms are answered by replacing
 * their card (a form with problems by itself again, with what was entered and each problem under its
 * field); a refusal is shown on the card to the clicker only; anything else is posted as a new card.
 */
import type { AdaptiveCardActionResponse } from "@microsoft/teams.api";
import type { IAdaptiveCard } from "@microsoft/teams.cards";
import { rememberConversation } from "../../src/chat-conversations.js";
import { errorText } from "../../src/commands/chat-error.js";
import { type FormValues, submitForm } from "../../src/commands/submit-form.js";
import { plainText } from "../../src/messages/markup.js";
import { type Reply, reply as textReply } from "../../src/reply.js";
import {
  CardActionValue,
  ExecuteVerb,
  HideData,
  LegacyCreateData,
  RunData,
  SubmitData,
  type TeamsActivity,
} from "./activity-schemas.js";
import { answer, asPerson, placed } from "./answer.js";
import { teamsEnv, type Where, whereOf } from "./conversation.js";
import { cardFor, sendReply, type TeamsBot } from "./delivery.js";
import { formCard } from "./form-card.js";
import { renderCard } from "./render-card.js";
import { teamsText } from "./teams-messages.js";

/** A card that replaces the one that was clicked. */
export const cardResponse = (card: IAdaptiveCard): AdaptiveCardActionResponse => ({
  statusCode: 200,
  type: "application/vnd.microsoft.card.adaptive",
  value: card,
});

/** A short text Teams shows on the card, to the person who clicked only. */
export const messageResponse = (text: string): AdaptiveCardActionResponse => ({
  statusCode: 200,
  type: "application/vnd.microsoft.activity.message",
  value: plainText(text),
});

const textOf = (reply: Reply): string => reply.blocks.map((b) => ("text" in b ? b.text : "")).join(" ");

async function runButton(bot: TeamsBot, where: Where, line: string): Promise<AdaptiveCardActionResponse> {
  const { reply, isContinuedPrivately, traits } = await answer(bot, where, line);
  // A refusal, or "I continue in our personal chat", is for the clicker only.
  if (reply.tone === "error" || isContinuedPrivately) return messageResponse(textOf(reply));
  // A confirmation's answer takes its place, so its buttons cannot be clicked again.
  if (traits.answersConfirmation) {
    return cardResponse(renderCard(reply, { mayRevealSecret: false }));
  }
  await sendReply(bot, where, reply);
  return messageResponse(teamsText.answeredBelow());
}

/**
 * A form, submitted: the core runs its command as the person, authorised again. The answer replaces the
 * form — a one-time value only in the 1:1 chat; elsewhere such a form continues there.
 */
async function submitCard(bot: TeamsBot, where: Where, command: string, values: FormValues) {
  const acting = await asPerson(bot, where, (ctx) => submitForm(ctx, command, values, teamsEnv(where)));
  if ("refusal" in acting) return messageResponse(textOf(acting.refusal));
  const outcome = acting.result;
  if (outcome.kind === "problems") return cardResponse(formCard(outcome.form));
  const { reply, isContinuedPrivately } = await placed(bot, where, outcome.reply, outcome.traits);
  if (reply.tone === "error" || isContinuedPrivately) return messageResponse(textOf(reply));
  return cardResponse(cardFor(reply, { mayRevealSecret: where.kind === "personal" }));
}

/** Answers a card action; never throws (an unexpected failure is a short message with a ref). */
export async function onCardAction(bot: TeamsBot, activity: TeamsActivity): Promise<AdaptiveCardActionResponse> {
  const value = CardActionValue.safeParse(activity.value);
  if (!value.success) return messageResponse(teamsText.badAction());
  const { verb, data } = value.data.action;
  try {
    const where = whereOf(activity, bot.serviceUrlOverride);
    await rememberConversation(bot.deps.db, where.ref, bot.deps.clock.now());
    if (verb === ExecuteVerb.run) {
      const run = RunData.safeParse(data);
      return run.success ? await runButton(bot, where, run.data.command) : messageResponse(teamsText.badAction());
    }
    if (verb === ExecuteVerb.submit || verb === ExecuteVerb.legacyCreate) {
      const form = (verb === ExecuteVerb.submit ? SubmitData : LegacyCreateData).safeParse(data);
      if (!form.success) return messageResponse(teamsText.badAction());
      return await submitCard(bot, where, form.data.command, form.data.values);
    }
    // Values are only ever shown in a 1:1 chat, so only there is there one to hide.
    const hide = HideData.safeParse(data);
    if (!hide.success || where.kind !== "personal") return messageResponse(teamsText.badAction());
    return cardResponse(
      renderCard(textReply("info", teamsText.valueHidden(hide.data.application)), { mayRevealSecret: false }),
    );
  } catch (error) {
    return messageResponse(errorText(error, bot.deps.log));
  }
}
