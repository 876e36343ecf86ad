/**
 * One person's command line in Teams, typed or clicked, run through the core as that person (found
 * again from their AAD object id on every message and click). Where a one-time value may not be shown
 * (a group chat or channel), the core answers create and rotate with their form, which goes to the
 * person's 1:1 chat instead; any other form is filled in where it was asked for.
 */
import { actAs } from "../../src/commands/act-as.js";
import type { Traits } from "../../src/commands/command.js";
import { readLine } from "../../src/commands/run-command.js";
import type { Ctx } from "../../src/context.js";
import { type FormReply, type Reply, reply as textReply } from "../../src/reply.js";
import { teamsEnv, type Where } from "./conversation.js";
import { sendPersonally, type TeamsBot } from "./delivery.js";
import { formCard } from "./form-card.js";
import { teamsActor } from "./identity.js";
import { teamsText } from "./teams-messages.js";

/** Sends the form to the person's 1:1 chat and says so here. */
async function continueInPersonal(bot: TeamsBot, where: Where, reply: FormReply): Promise<Reply> {
  try {
    await sendPersonally(bot, where, formCard(reply));
  } catch (error) {
    bot.deps.log.warn({ status: (error as { status?: number }).status }, "could not open a personal chat in Teams");
    return textReply("error", teamsText.personalChatFailed());
  }
  return textReply("waiting", teamsText.continueInPersonal(reply.form.line));
}

/** Runs work as the person behind the activity; not finding them (or a failure) is a refusal to show. */
export const asPerson = <T>(bot: TeamsBot, where: Where, work: (ctx: Ctx) => Promise<T>) =>
  actAs(bot.deps, () => teamsActor(bot.deps, bot.connector, where), work);

export type Answer = {
  ctx?: Ctx;
  reply: Reply;
  /** The answer went to the person's 1:1 chat; here they only learn that it did. */
  isContinuedPrivately: boolean;
};

/**
 * A reply for this conversation: a form that ends in a one-time value (the command's `revealsSecret`)
 * may not be filled in outside the 1:1 chat, so it continues there.
 */
export async function placed(bot: TeamsBot, where: Where, reply: Reply, traits: Traits): Promise<Omit<Answer, "ctx">> {
  if (!reply.form || where.kind === "personal" || !traits.revealsSecret) return { reply, isContinuedPrivately: false };
  return { reply: await continueInPersonal(bot, where, { ...reply, form: reply.form }), isContinuedPrivately: true };
}

/**
 * Runs the line as the person who typed or clicked it: the reply to show, who they turned out to be,
 * and what the core says of the line (read once).
 */
export async function answer(bot: TeamsBot, where: Where, line: string): Promise<Answer & { traits: Traits }> {
  const read = readLine(line, teamsEnv(where));
  const { traits } = read.facts;
  const acting = await asPerson(bot, where, read.run);
  if ("refusal" in acting) return { reply: acting.refusal, isContinuedPrivately: false, traits };
  return { ctx: acting.ctx, traits, ...(await placed(bot, where, acting.result, traits)) };
}
