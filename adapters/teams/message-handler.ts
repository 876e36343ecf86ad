/**
 * A message to the bot. In the 1:1 chat every message is a command; in a group chat or channel the bot
 * answers only when @mentioned, with its mention taken out of the text. The conversation reference is
 * refreshed on every message, so alerts keep reaching a conversation whose service URL moved. A secret
 * whose one-time reveal could not be delivered is deleted again.
 */

import { rememberConversation } from "../../src/chat-conversations.js";
import { withdrawUnseenSecret } from "../../src/verbs/withdraw-unseen-secret.js";
import type { TeamsActivity } from "./activity-schemas.js";
import { answer } from "./answer.js";
import { whereOf } from "./conversation.js";
import { sendReply, type TeamsBot } from "./delivery.js";

/** The command line in a message, or undefined when it was not addressed to the bot. */
export function commandLine(activity: TeamsActivity, botId: string, isPersonal: boolean): string | undefined {
  const mentions = (activity.entities ?? []).filter((e) => e.type === "mention" && e.mentioned?.id === botId);
  if (!isPersonal && mentions.length === 0) return undefined;
  let text = activity.text ?? "";
  for (const mention of mentions) if (mention.text) text = text.split(mention.text).join(" ");
  // Teams keeps non-breaking spaces (typed, or around mentions) as entities or characters.
  text = text
    .replace(/&nbsp;/g, " ")
    .replace(/\u00a0/g, " ")
    .trim();
  return text; // an empty line is `help` to the core
}

/** Answers a message: runs its command as the sender and posts the reply as a card in the same conversation. */
export async function onMessage(bot: TeamsBot, activity: TeamsActivity): Promise<void> {
  const where = whereOf(activity, bot.serviceUrlOverride);
  await rememberConversation(bot.deps.db, where.ref, bot.deps.clock.now());
  const line = commandLine(activity, where.bot.id, where.kind === "personal");
  if (line === undefined) return;
  const { ctx, reply } = await answer(bot, where, line);
  try {
    await sendReply(bot, where, reply);
  } catch (error) {
    // Nobody saw the value, so nobody can use it: take the secret back rather than leave it behind.
    if (reply.secret && ctx) await withdrawUnseenSecret(ctx, reply.secret);
    throw error;
  }
}
