/**
 * What a chat command is: its grammar, who it is for, the facts adapters need to know about it, and
 * its handler with typed input. Adapters never read a command line themselves; they ask
 * `readLine` (src/commands/run-command.ts), which reads a line once, for these facts.
 */
import type { z } from "zod";
import type { Ctx, PureDeps, Surface } from "../context.js";
import { AppError } from "../errors.js";
import { type CommandAccess, refuseUnlessAllowed } from "../policy.js";
import type { FormField, FormReply, Reply } from "../reply.js";
import { type Issue, withRequiredMessages } from "./form-fields.js";

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
  /**
   * The surface shows forms where a command only offers one (create and rotate: Slack modal, Teams
   * card); otherwise their defaults apply. A command that is only done through its form opens it anywhere.
   */
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

/** A command's form: its fields, when a line answers with it, and how it is opened for a person. */
export type FormSpec = {
  /**
   * The fields, as far as they can be known without the database: where each value goes, bounds and
   * pure defaults. A submission is checked against these, so they are the same fields `open` shows.
   */
  fields: (deps: PureDeps) => FormField[];
  /** Whether this line answers with the form instead of running; pure, from the words given and the surface. */
  opensWith: (args: ParsedArgs, env: CommandEnv) => boolean;
  /**
   * The form for the person in `ctx`, who may be refused here. `args` are the words given: a typed
   * line's, or a submitted form's hidden values when it comes back to be corrected.
   */
  open: (ctx: Ctx, args: ParsedArgs, env: CommandEnv) => Promise<FormReply>;
};

/** Parsed words typed by the command's input, ready to run; or what is wrong with them. */
export type Checked = { ok: true; run: (ctx: Ctx, env: CommandEnv) => Promise<Reply> } | { ok: false; issues: Issue[] };

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
  /**
   * The words, typed: a schema whose messages say, in our words, what is allowed. A function of the pure
   * dependencies when the bounds come from the clock, configuration or provider (an expiry date), so a
   * form can be checked before anything else happens.
   */
  input: z.ZodType<I> | ((deps: PureDeps) => z.ZodType<I>);
  run: (ctx: Ctx, input: I, env: CommandEnv) => Promise<Reply>;
  /** A form that stands for the command: opened where a person fills it in, submitted as its words. */
  form?: FormSpec;
};

/** A command as the registry keeps it: its handler takes the parsed words and types them itself. */
export type Command = Omit<CommandSpec<unknown>, "input" | "run" | "traits" | "authorise"> & {
  traits: Traits;
  /** Refuses an actor who may not use the command, before its words are checked. */
  authorise: (ctx: Ctx, words: string[]) => Promise<void>;
  /** Types the words with the command's input. Pure: no database, nobody acting. */
  check: (deps: PureDeps, args: ParsedArgs) => Checked;
  /** Answers the words: the form where the line opens it, else the input checked and run. */
  execute: (ctx: Ctx, args: ParsedArgs, env: CommandEnv) => Promise<Reply>;
};

export function defineCommand<I>(spec: CommandSpec<I>): Command {
  const { input, run, authorise, form, ...rest } = spec;
  const check = (deps: PureDeps, args: ParsedArgs): Checked => {
    const parsed = (typeof input === "function" ? input(deps) : input).safeParse(args);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues };
    return { ok: true, run: (ctx, env) => run(ctx, parsed.data, env) };
  };
  const issuesOf = (deps: PureDeps) => (args: ParsedArgs) => {
    const checked = check(deps, args);
    return checked.ok ? [] : checked.issues;
  };
  // Every form opened says on its required fields what the command answers when they are left empty.
  const opened = form && {
    ...form,
    open: async (ctx: Ctx, args: ParsedArgs, env: CommandEnv): Promise<FormReply> => {
      const reply = await form.open(ctx, args, env);
      return { ...reply, form: { ...reply.form, fields: withRequiredMessages(reply.form.fields, issuesOf(ctx)) } };
    },
  };
  return {
    ...rest,
    ...(opened ? { form: opened } : {}),
    traits: spec.traits ?? {},
    authorise: authorise ?? ((ctx) => refuseUnlessAllowed(ctx, spec.access, spec.purpose ?? `use \`${spec.name}\``)),
    check,
    execute: async (ctx, args, env) => {
      if (opened?.opensWith(args, env)) return opened.open(ctx, args, env);
      const checked = check(ctx, args);
      if (!checked.ok) {
        const problem = checked.issues[0]?.message ?? "That is not a valid command.";
        throw new AppError("VALIDATION", `${problem} Usage: \`${spec.usage}\``);
      }
      return checked.run(ctx, env);
    },
  };
}
