/**
 * The one entry point every surface uses: a command line typed (or a button clicked) by a person,
 * parsed once, run as that person, answered with a neutral reply. Never throws.
 */
import { parseArgs } from "node:util";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import type { Reply } from "../reply.js";
import { errorReply } from "./chat-error.js";
import type { Command, CommandEnv, ParsedArgs } from "./command.js";
import { commands, findCommand } from "./registry.js";
import { tokenize } from "./tokenize.js";

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function unknownCommand(name: string): AppError {
  const guess = commands.filter((c) => !c.isHidden).find((c) => distance(c.name, name) <= 2);
  const hint = guess ? ` Did you mean \`${guess.name}\`?` : "";
  return new AppError(
    "VALIDATION",
    `I don't know the command \`${name}\`.${hint} Type \`help\` for the commands you can use.`,
  );
}

function parse(command: Command, words: string[]): ParsedArgs {
  const usage = `Usage: \`${command.usage}\``;
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({
      args: words,
      options: command.options ?? {},
      allowPositionals: true,
      strict: true,
    }) as ParsedArgs;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split(/\.(\s|$)/)[0] : "Bad arguments";
    throw new AppError("VALIDATION", `${reason}. ${usage}`);
  }
  const n = parsed.positionals.length;
  if (n < command.args.min) throw new AppError("VALIDATION", `\`${command.name}\` needs more: ${usage}`);
  if (n > command.args.max) {
    throw new AppError(
      "VALIDATION",
      `\`${command.name}\` got too many words (put names with spaces in quotes). ${usage}`,
    );
  }
  return parsed;
}

/** Runs one command line as the actor in `ctx`. Every error becomes a short reply; nothing is thrown. */
export async function runCommand(ctx: Ctx, line: string, env: CommandEnv): Promise<Reply> {
  try {
    const words = tokenize(line.trim());
    const name = words.shift()?.toLowerCase() ?? "help";
    const command = findCommand(name);
    if (!command) throw unknownCommand(name);
    return await command.run(ctx, parse(command, words), env);
  } catch (error) {
    return errorReply(error, ctx.log);
  }
}
