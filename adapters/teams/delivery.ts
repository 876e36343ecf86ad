/**
 * Where answers go: into the conversation the person wrote or clicked in, or, for anything that ends
 * in a one-time secret value, into their 1:1 chat with the bot, opened proactively when needed.
 */
import type { IAdaptiveCard } from "@microsoft/teams.cards";
import type { Deps } from "../../src/context.js";
import type { Reply } from "../../src/reply.js";
import type { Connector } from "./connector.js";
import type { Where } from "./conversation.js";
import { formCard } from "./form-card.js";
import { renderCard } from "./render-card.js";

/** What every Teams handler works with. */
export type TeamsBot = {
  deps: Deps;
  connector: Connector;
  /** TEAMS_SERVICE_URL: answer through this Bot Connector instead of the activity's. */
  serviceUrlOverride: string | undefined;
};

/** The card for a reply: its form when it asks for one, else the reply rendered. */
export const cardFor = (reply: Reply, options: { mayRevealSecret: boolean }): IAdaptiveCard =>
  reply.form ? formCard({ ...reply, form: reply.form }) : renderCard(reply, options);

/** Posts the reply as a card where the person is; a secret value only ever goes into their 1:1 chat. */
export async function sendReply(bot: TeamsBot, where: Where, reply: Reply): Promise<void> {
  const card = cardFor(reply, { mayRevealSecret: where.kind === "personal" });
  await bot.connector.sendCard(where.serviceUrl, where.conversationId, card);
}

/** Posts a card into the person's 1:1 chat with the bot, opening that chat if there is none yet. */
export async function sendPersonally(bot: TeamsBot, where: Where, card: IAdaptiveCard): Promise<void> {
  const chatId =
    where.kind === "personal"
      ? where.conversationId
      : await bot.connector.personalChat(where.serviceUrl, {
          botId: where.bot.id,
          userId: where.user.id,
          tenantId: where.tenantId,
        });
  await bot.connector.sendCard(where.serviceUrl, chatId, card);
}
