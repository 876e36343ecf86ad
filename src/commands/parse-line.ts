/**
 * Reading a command line, once, for every surface: the words (tokenize.ts), which command, its
 * options and positional words, with problems said in our own words and the usage, and the facts
 * adapters need before running a line (run-command.ts's readLine gives both), so none of them reads
 * a line itself.
 */
import { parseArgs } from "node:util";
import { AppError } from "../errors.js";
import { echo } from "../messages/format.js";
import { typed } from "./actions.js";
import type { Command, CommandEnv, ParsedArgs, Traits } from "./command.js";
import { commands, findCommand } from "./registry.js";
import { tokenize } from "./tokenize.js";

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      next.push(Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, substitution));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

function unknownCommand(name: string): AppError {
  const guess = commands.filter((c) => !c.traits.isHidden).find((c) => distance(c.name, name) <= 2);
  const hint = guess ? ` Did you mean \`${guess.name}\`?` : "";
  return new AppError(
    "VALIDATION",
    `I don't know the command \`${echo(name)}\`.${hint} Type ${typed("help")} for the commands you can use.`,
  );
}

/** The command a line names, and the words after its name. Throws for an unknown command or an open quote. */
export function commandOf(line: string): { command: Command; words: string[] } {
  const words = tokenize(line.trim());
  const name = words.shift()?.toLowerCase() ?? "help";
  const command = findCommand(name);
  if (!command) throw unknownCommand(name);
  return { command, words };
}

/** The options a command takes here: its own, plus `--share` where the surface can share what it may. */
const optionsOf = (command: Command, env: CommandEnv) => ({
  ...command.options,
  ...(command.traits.isShareable && env.canShare ? { share: { type: "boolean" as const } } : {}),
});

/** parseArgs explains problems in its own words; these are ours. */
function optionProblem(command: Command, error: unknown): string {
  const code = (error as { code?: string }).code;
  const option = /'(--?[\w-]+)/.exec(error instanceof Error ? error.message : "")?.[1] ?? "that option";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `\`${command.name}\` has no option ${option}.`;
  if (/does not take an argument/.test(String(error))) return `${option} takes no value.`;
  if (/ambiguous/.test(String(error)))
    return `${option} needs a value; for one that starts with "-", write ${option}=…`;
  return `${option} needs a value.`;
}

/** The command's options and positional words, checked against its grammar. */
export function parseWords(command: Command, words: string[], env: CommandEnv): ParsedArgs {
  const usage = `Usage: \`${command.usage}\``;
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: words, options: optionsOf(command, env), allowPositionals: true, strict: true });
  } catch (error) {
    throw new AppError("VALIDATION", `${optionProblem(command, error)} ${usage}`);
  }
  const n = parsed.positionals.length;
  // A line that opens the command's form (`request` alone) needs none of the words the form asks for.
  if (n < command.words.min && !command.form?.opensWith(parsed, env))
    throw new AppError("VALIDATION", `\`${command.name}\` needs more: ${usage}`);
  if (n > command.words.max) {
    throw new AppError(
      "VALIDATION",
      `\`${command.name}\` got too many words (put names with spaces in quotes). ${usage}`,
    );
  }
  return parsed;
}

/** What an adapter needs to know of a line before running it. */
export type LineFacts = {
  traits: Traits;
  /** The person asked to share the answer with the channel (`--share`, where the surface can). */
  isShared: boolean;
  /** The answer is the command's form (e.g. `create <app>` where forms are shown, or `request` alone). */
  opensForm: boolean;
};

export const NO_FACTS: LineFacts = { traits: {}, isShared: false, opensForm: false };

/** The facts about a parsed line (see readLine in run-command.ts, which reads a line once). */
export function factsOf(command: Command, args: ParsedArgs, env: CommandEnv): LineFacts {
  return {
    traits: command.traits,
    isShared: args.values.share === true,
    opensForm: command.form?.opensWith(args, env) === true,
  };
}
