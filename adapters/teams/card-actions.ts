/**
 * A click on a card button (Action.Execute, invoke `adaptiveCard/action`). The button's command line is
 * run again as whoever clicked, found afresh from their AAD object id, so every click is authorised
 * again and nothing else in the payload is trusted. Confirmations and forms are answered by replacing
 * their card; a refusal is shown on the card to the clicker only; anything else is posted as a new card.
 */
import type { AdaptiveCardActionResponse } from "@microsoft/teams.api";
import type { IAdaptiveCard } from "@microsoft/teams.cards";
import { rememberConversation } from "../../src/chat-conversations.js";
import { errorText } from "../../src/commands/chat-error.js";
import { submitCreateForm } from "../../src/commands/create-form.js";
import { inspectLine } from "../../src/commands/parse-line.js";
import { plainText } from "../../src/messages/markup.js";
import { type Reply, reply as textReply } from "../../src/reply.js";
import { CardActionValue, CreateData, ExecuteVerb, HideData, RunData, type TeamsActivity } from "./activity-schemas.js";
import { actingContext, answer, placed } from "./answer.js";
import { teamsEnv, type Where, whereOf } from "./conversation.js";
import { sendReply, type TeamsBot } from "./delivery.js";
import { formCard, formProblems } from "./form-card.js";
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
  const { reply, isContinuedPrivately } = await answer(bot, where, line);
  // A refusal, or "I continue in our personal chat", is for the clicker only.
  if (reply.tone === "error" || isContinuedPrivately) return messageResponse(textOf(reply));
  // A confirmation's answer takes its place, so its buttons cannot be clicked again.
  if (inspectLine(line, teamsEnv(where)).traits.answersConfirmation) {
    return cardResponse(renderCard(reply, { mayRevealSecret: false }));
  }
  await sendReply(bot, where, reply);
  return messageResponse(teamsText.answeredBelow());
}

/** The create (or rotate) form, submitted: the core checks it, authorises again, and answers with the one-time reveal. */
async function submitForm(bot: TeamsBot, where: Where, data: CreateData): Promise<AdaptiveCardActionResponse> {
  const acting = await actingContext(bot, where);
  if ("refusal" in acting) return messageResponse(textOf(acting.refusal));
  const isPersonal = where.kind === "personal";
  const outcome = await submitCreateForm(acting.ctx, data, { canRevealSecrets: isPersonal });
  if (outcome.kind === "problems") return cardResponse(formCard(outcome.form, data, formProblems(outcome.problems)));
  const { reply, isContinuedPrivately } = await placed(bot, where, outcome.reply);
  if (reply.tone === "error" || isContinuedPrivately) return messageResponse(textOf(reply));
  return cardResponse(renderCard(reply, { mayRevealSecret: isPersonal }));
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
    if (verb === ExecuteVerb.create) {
      const form = CreateData.safeParse(data);
      return form.success ? await submitForm(bot, where, form.data) : messageResponse(teamsText.badAction());
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
