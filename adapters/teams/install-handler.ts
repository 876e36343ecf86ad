/**
 * The bot being added to (or removed from) a team, group chat or personal scope: `conversationUpdate`
 * with the bot among the members added or removed, and `installationUpdate`. Its conversation
 * reference is stored so `alerts here` and the reminders can post there later; removal is recorded, so
 * an alert for a conversation the bot has left fails for good instead of being retried.
 */

import { forgetConversation, rememberConversation } from "../../src/chat-conversations.js";
import { reply as textReply } from "../../src/reply.js";
import type { TeamsActivity } from "./activity-schemas.js";
import { whereOf } from "./conversation.js";
import { sendReply, type TeamsBot } from "./delivery.js";
import { teamsText } from "./teams-messages.js";

/** Members added or removed; a welcome when the bot itself was added. */
export async function onConversationUpdate(bot: TeamsBot, activity: TeamsActivity): Promise<void> {
  const where = whereOf(activity, bot.serviceUrlOverride);
  const now = bot.deps.clock.now();
  const isBot = (member: { id?: string | undefined }) => member.id === where.bot.id;
  if (activity.membersRemoved?.some(isBot)) {
    await forgetConversation(bot.deps.db, where.ref, now);
    return;
  }
  await rememberConversation(bot.deps.db, where.ref, now);
  if (!activity.membersAdded?.some(isBot)) return;
  const text = where.kind === "personal" ? teamsText.welcome() : teamsText.welcomeTeam();
  try {
    await sendReply(bot, where, textReply("info", text));
  } catch (error) {
    bot.deps.log.warn({ status: (error as { status?: number }).status }, "could not post the Teams welcome");
  }
}

/** The app installed (`add`, `add-upgrade`) or uninstalled (`remove`, `remove-upgrade`) in a conversation. */
export async function onInstallationUpdate(bot: TeamsBot, activity: TeamsActivity): Promise<void> {
  const where = whereOf(activity, bot.serviceUrlOverride);
  const now = bot.deps.clock.now();
  if (activity.action?.startsWith("remove")) await forgetConversation(bot.deps.db, where.ref, now);
  else await rememberConversation(bot.deps.db, where.ref, now);
}
