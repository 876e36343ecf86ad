/**
 * The one entry point every surface uses: a command line typed (or a button clicked) by a person, read
 * once, then run as that person and answered with a neutral reply. Who may use the command at all is
 * decided before its words are checked. Never throws. Each run is a span and is counted (observed.ts).
 */
import type { Ctx } from "../context.js";
import type { Reply } from "../reply.js";
import type { Command, CommandEnv, ParsedArgs } from "./command.js";
import { observed } from "./observed.js";
import { commandOf, factsOf, type LineFacts, NO_FACTS, parseWords } from "./parse-line.js";

/** A line read once: what an adapter needs to know of it before it runs, and running it. */
export type ReadLine = {
  facts: LineFacts;
  /** Runs the line as the actor in `ctx`. Every error becomes a short reply; nothing is thrown. */
  run(ctx: Ctx): Promise<Reply>;
};

/**
 * Reads a line once for `env`. A line that does not parse has no facts; its problem is the answer when
 * it runs — after the command's own refusal, so who may not use a command never learns its grammar.
 */
export function readLine(line: string, env: CommandEnv): ReadLine {
  let found: { command: Command; words: string[] };
  try {
    found = commandOf(line);
  } catch (error) {
    return {
      facts: NO_FACTS,
      run: (ctx) =>
        observed(ctx, env.surface, "unknown", async () => {
          throw error;
        }),
    };
  }
  const { command, words } = found;
  let args: ParsedArgs | undefined;
  let problem: unknown;
  try {
    args = parseWords(command, words, env);
  } catch (error) {
    problem = error;
  }
  return {
    facts: args ? factsOf(command, args, env) : NO_FACTS,
    run: (ctx) =>
      observed(ctx, env.surface, command.name, async () => {
        await command.authorise(ctx, words);
        if (!args) throw problem;
        return await command.execute(ctx, args, env);
      }),
  };
}

/** Reads and runs one command line as the actor in `ctx` (for surfaces that need no facts first). */
export const runCommand = (ctx: Ctx, line: string, env: CommandEnv): Promise<Reply> => readLine(line, env).run(ctx);
