/**
 * The one entry point every surface uses: a command line typed (or a button clicked) by a person, run
 * as that person, answered with a neutral reply. Who may use the command at all is decided before its
 * words are read. Never throws.
 */
import type { Ctx } from "../context.js";
import type { Reply } from "../reply.js";
import { errorReply } from "./chat-error.js";
import type { CommandEnv } from "./command.js";
import { commandOf, parseWords } from "./parse-line.js";

/** Runs one command line as the actor in `ctx`. Every error becomes a short reply; nothing is thrown. */
export async function runCommand(ctx: Ctx, line: string, env: CommandEnv): Promise<Reply> {
  try {
    const { command, words } = commandOf(line);
    await command.authorise(ctx, words);
    return await command.execute(ctx, parseWords(command, words, env), env);
  } catch (error) {
    return errorReply(error, ctx.log);
  }
}
