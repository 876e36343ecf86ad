/**
 * What a chat command is: its grammar, who it is for, the facts adapters need to know about it, and
 * its handler with typed input. Adapters never read a command line themselves; they ask
 * `inspectLine` (src/commands/inspect-line.ts) for these facts.
 */
import type { z } from "zod";
import type { Ctx, Surface } from "../context.js";
import { AppError } from "../errors.js";
import { type CommandAccess, refuseUnlessAllowed } from "../policy.js";
import type { Reply } from "../reply.js";

/** Where a command was typed: the surface and, in a chat channel, which one. */
export type CommandEnv = {
  surface: Surface;
  /** The chat channel the command came from; absent in a 1:1 chat, the console and the CLI. */
  channel?: {
    platform: "slack" | "teams";
    workspace: string;
    channelId: string;
    conversationRef?: Record<string, unknown>;
    /** Why the bot could not post alerts into this channel (Slack: it is not a member), or null when it can. */
    cannotPost?: () => Promise<string | null>;
  };
  /** The surface can show a create form (Slack modal, Teams card); otherwise defaults apply. */
  canShowForms: boolean;
  /**
   * A one-time secret value may be shown here, privately (a Slack modal, a Teams 1:1 chat, the console).
   * Where it may not, create and rotate answer with their form, to continue where it may.
   */
  canRevealSecrets: boolean;
  /** The surface can post an answer for the whole channel (Slack's `--share`). */
  canShare?: boolean;
};

/** Facts about a command that adapters act on; none of them is a permission. */
export type Traits = {
  /** Answers with the create form where forms can be shown, unless its fields were given as options. */
  opensForm?: boolean;
  /** Its answer can carry a one-time secret value, which only a private place may show. */
  revealsSecret?: boolean;
  /** After it succeeds, views of the person's secrets elsewhere (Slack's Home tab) are out of date. */
  changesSecrets?: boolean;
  /** Its answer (metadata only) may be shared with the channel. */
  isShareable?: boolean;
  /** Answers a confirmation: the answer replaces the question, so its buttons cannot be used twice. */
  answersConfirmation?: boolean;
  /** Only works in a chat channel. */
  needsChannel?: boolean;
  /** Behind buttons only; left out of help. */
  isHidden?: boolean;
};

export type OptionSpec = Record<string, { type: "string" } | { type: "boolean" }>;

export type ParsedArgs = { positionals: string[]; values: Record<string, string | boolean | undefined> };

export type CommandSpec<I> = {
  name: string;
  usage: string;
  summary: string;
  /** Who it is for (see CommandAccess): help lists it to them; some refuse everyone else before reading words. */
  access: CommandAccess;
  /** What a refusal says the person may not do, e.g. "grant access". */
  purpose?: string;
  /**
   * Refuses the actor before the words are checked, when the command's use depends on a target they may
   * not route (the organisation of `alerts`); otherwise `access` decides (see refuseUnlessAllowed).
   */
  authorise?: (ctx: Ctx, words: string[]) => Promise<void>;
  traits?: Traits;
  options?: OptionSpec;
  /** How many words may follow the name (before any options). */
  words: { min: number; max: number };
  /** The words, typed: a schema whose messages say, in our words, what is allowed. */
  input: z.ZodType<I>;
  run: (ctx: Ctx, input: I, env: CommandEnv) => Promise<Reply>;
};

/** A command as the registry keeps it: its handler takes the parsed words and types them itself. */
export type Command = Omit<CommandSpec<unknown>, "input" | "run" | "traits" | "authorise"> & {
  traits: Traits;
  /** Refuses an actor who may not use the command, before its words are checked. */
  authorise: (ctx: Ctx, words: string[]) => Promise<void>;
  execute: (ctx: Ctx, args: ParsedArgs, env: CommandEnv) => Promise<Reply>;
};

export function defineCommand<I>(spec: CommandSpec<I>): Command {
  const { input, run, authorise, ...rest } = spec;
  return {
    ...rest,
    traits: spec.traits ?? {},
    authorise: authorise ?? ((ctx) => refuseUnlessAllowed(ctx, spec.access, spec.purpose ?? `use \`${spec.name}\``)),
    execute: async (ctx, args, env) => {
      const parsed = input.safeParse(args);
      if (!parsed.success) {
        const problem = parsed.error.issues[0]?.message ?? "That is not a valid command.";
        throw new AppError("VALIDATION", `${problem} Usage: \`${spec.usage}\``);
      }
      return run(ctx, parsed.data, env);
    },
  };
}
