/**
 * One person's command line in Teams, typed or clicked, run through the core as that person (found
 * again from their AAD object id on every message and click). In a group chat or channel, `create` and
 * `rotate` are not run there: their form goes to the person's 1:1 chat, where the value can be shown.
 */
import { errorReply } from "../../src/commands/chat-error.js";
import { runCommand } from "../../src/commands/run-command.js";
import { tokenize } from "../../src/commands/tokenize.js";
import { type Ctx, withActor } from "../../src/context.js";
import { type Reply, reply as textReply } from "../../src/reply.js";
import { teamsEnv, type Where } from "./conversation.js";
import { sendPersonally, type TeamsBot } from "./delivery.js";
import { formCard } from "./form-card.js";
import { teamsActor } from "./identity.js";
import { teamsText } from "./teams-messages.js";

type SecretCommand = { name: "create" | "rotate"; application: string };

/** `create <app>` and `rotate <app>` end in a one-time value, which only a 1:1 chat may show. */
export function secretCommand(line: string): SecretCommand | undefined {
  let words: string[];
  try {
    words = tokenize(line.trim());
  } catch {
    return undefined;
  }
  const name = words[0]?.toLowerCase();
  if ((name !== "create" && name !== "rotate") || !words[1]) return undefined;
  return { name, application: words[1] };
}

const quoted = (word: string): string => `"${word.replace(/["\\]/g, "\\$&")}"`;

/** Sends the form to the person's 1:1 chat and says so here; a refusal (no grant, not a manager) is answered here. */
async function continueInPersonal(bot: TeamsBot, where: Where, ctx: Ctx, command: SecretCommand): Promise<Reply> {
  const personal = { surface: "teams" as const, canShowForms: true };
  const answer = await runCommand(ctx, `${command.name} ${quoted(command.application)}`, personal);
  if (!answer.form) return answer;
  try {
    await sendPersonally(bot, where, formCard(answer.form));
  } catch (error) {
    bot.deps.log.warn({ status: (error as { status?: number }).status }, "could not open a personal chat in Teams");
    return textReply("error", teamsText.personalChatFailed());
  }
  return textReply("waiting", teamsText.continueInPersonal(`${command.name} ${command.application}`));
}

/** The person behind the activity, as a context for the core; a refusal becomes a reply. */
export async function actingContext(bot: TeamsBot, where: Where): Promise<{ ctx: Ctx } | { refusal: Reply }> {
  try {
    return { ctx: withActor(bot.deps, await teamsActor(bot.deps, bot.connector, where)) };
  } catch (error) {
    return { refusal: errorReply(error, bot.deps.log) };
  }
}

/** Runs the line as the person who typed or clicked it; the reply to show, and who they turned out to be. */
export async function answer(bot: TeamsBot, where: Where, line: string): Promise<{ ctx?: Ctx; reply: Reply }> {
  const acting = await actingContext(bot, where);
  if ("refusal" in acting) return { reply: acting.refusal };
  const { ctx } = acting;
  const secret = where.kind === "personal" ? undefined : secretCommand(line);
  if (secret) return { ctx, reply: await continueInPersonal(bot, where, ctx, secret) };
  return { ctx, reply: await runCommand(ctx, line, teamsEnv(where)) };
}
