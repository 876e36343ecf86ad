/**
 * A click on a card button (Action.Execute, invoke `adaptiveCard/action`). The button's command line is
 * run again as whoever clicked, found afresh from their AAD object id, so every click is authorised
 * again and nothing else in the payload is trusted. Confirmations and forms are answered by replacing
 * their card; a refusal is shown on the card to the clicker only; anything else is posted as a new card.
 */
import type { AdaptiveCardActionResponse } from "@microsoft/teams.api";
import type { IAdaptiveCard } from "@microsoft/teams.cards";
import { errorText } from "../../src/commands/chat-error.js";
import { createFormFor, rotate } from "../../src/commands/secret-commands.js";
import { secretCreated } from "../../src/messages/secrets.js";
import { type Reply, reply as textReply } from "../../src/reply.js";
import { createClientSecret } from "../../src/verbs/create-client-secret.js";
import { CardActionValue, CreateData, ExecuteVerb, HideData, RunData, type TeamsActivity } from "./activity-schemas.js";
import { actingContext, answer, secretCommand } from "./answer.js";
import { plainText } from "./card-text.js";
import { type Where, whereOf } from "./conversation.js";
import { rememberConversation } from "./conversation-store.js";
import { sendReply, type TeamsBot } from "./delivery.js";
import { checkForm, formCard } from "./form-card.js";
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

const replaces = (line: string): boolean => /^(confirm|cancel)\s/i.test(line.trim());

const textOf = (reply: Reply): string => reply.blocks.map((b) => ("text" in b ? b.text : "")).join(" ");

async function runButton(bot: TeamsBot, where: Where, line: string): Promise<AdaptiveCardActionResponse> {
  const { reply } = await answer(bot, where, line);
  // A refusal, or "I continue in our personal chat", is for the clicker only.
  if (reply.tone === "error" || (where.kind !== "personal" && secretCommand(line))) {
    return messageResponse(textOf(reply));
  }
  // A confirmation's answer takes its place, so its buttons cannot be clicked again.
  if (replaces(line)) return cardResponse(renderCard(reply, { mayRevealSecret: false }));
  await sendReply(bot, where, reply);
  return messageResponse(teamsText.answeredBelow());
}

/** The create (or rotate) form, submitted: checked, authorised again, and answered with the one-time reveal. */
async function submitForm(bot: TeamsBot, where: Where, data: CreateData): Promise<AdaptiveCardActionResponse> {
  if (where.kind !== "personal") {
    return runButton(bot, where, `${data.isRotation ? "rotate" : "create"} ${JSON.stringify(data.application)}`);
  }
  const acting = await actingContext(bot, where);
  if ("refusal" in acting) return messageResponse(textOf(acting.refusal));
  const { ctx } = acting;
  try {
    const problems = checkForm(ctx, data);
    if (Object.keys(problems).length > 0) {
      const form = await createFormFor(ctx, data.application, data.isRotation);
      return cardResponse(formCard(form, data, problems));
    }
    const input = { application: data.application, displayName: data.displayName.trim(), expires: data.expiresOn };
    const reply = data.isRotation ? await rotate(ctx, input) : secretCreated(await createClientSecret(ctx, input));
    return cardResponse(renderCard(reply, { mayRevealSecret: true }));
  } catch (error) {
    return messageResponse(errorText(error, ctx.log));
  }
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
