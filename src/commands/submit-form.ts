/**
 * A submitted form, for every surface: its values become the words and options of its command, which
 * then runs exactly as a typed line would — its own authorisation, then its own input — as the person
 * who submitted it. Nothing in a submission is trusted but the values typed: a hidden value (the
 * application a create form is for) is just a word of the line, checked again like any other.
 */
import type { Ctx, PureDeps } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { outcomeOf } from "../outcome.js";
import type { Form, FormReply, Reply } from "../reply.js";
import { errorReply } from "./chat-error.js";
import type { Command, CommandEnv, Traits } from "./command.js";
import { argsOf, type FormProblems, type FormValues, problemsWith } from "./form-fields.js";
import { findCommand } from "./registry.js";

export type { FormProblems, FormValues };

export type FormOutcome =
  /** The command's answer (or why not), and what adapters need to know about the command. */
  | { kind: "reply"; reply: Reply; traits: Traits }
  /** The values do not pass: the problems by field, and the form again with what was entered and each problem. */
  | { kind: "problems"; problems: FormProblems; form: FormReply };

const formCommand = (name: string): (Command & { form: NonNullable<Command["form"]> }) | undefined => {
  const command = findCommand(name);
  return command?.form ? { ...command, form: command.form } : undefined;
};

/**
 * What is wrong with a form's values, by field, in the command's words; empty when nothing is. Pure —
 * no database, nobody acting — so Slack can answer with it before acknowledging a submission. A form
 * whose command is unknown has no problems here: submitting it says it is out of date.
 */
export function checkForm(deps: PureDeps, command: string, values: FormValues): FormProblems {
  const found = formCommand(command);
  if (!found) return {};
  const fields = found.form.fields(deps);
  const checked = found.check(deps, argsOf(fields, values));
  return problemsWith(fields, values, checked.ok ? [] : checked.issues);
}

/**
 * Runs a submitted form as the person in `ctx`, where `env` says they are. Never throws: a refusal is
 * a reply. Problems come back with the form, reopened for the person (so authorised again) with what
 * they entered.
 */
export async function submitForm(ctx: Ctx, command: string, values: FormValues, env: CommandEnv): Promise<FormOutcome> {
  const found = formCommand(command);
  const name = found?.name ?? "unknown";
  const attributes = { "steward.surface": env.surface, "steward.command": name };
  try {
    const outcome = await ctx.tracer.span(`command ${name}`, attributes, () => runForm(ctx, found, values, env));
    ctx.metrics.command(env.surface, name, outcome.kind === "problems" ? "validation" : "ok");
    return outcome;
  } catch (error) {
    ctx.metrics.command(env.surface, name, outcomeOf(error));
    return { kind: "reply", reply: errorReply(error, ctx.log), traits: found?.traits ?? {} };
  }
}

async function runForm(
  ctx: Ctx,
  found: ReturnType<typeof formCommand>,
  values: FormValues,
  env: CommandEnv,
): Promise<FormOutcome> {
  if (!found) throw new AppError("VALIDATION", errors.formOutdated());
  const fields = found.form.fields(ctx);
  const args = argsOf(fields, values);
  await found.authorise(ctx, args.positionals);
  const checked = found.check(ctx, args);
  const problems = problemsWith(fields, values, checked.ok ? [] : checked.issues);
  if (checked.ok && Object.keys(problems).length === 0) {
    return { kind: "reply", reply: await checked.run(ctx, env), traits: found.traits };
  }
  const hidden = fields.filter((f) => f.kind === "hidden");
  const reopened = await found.form.open(ctx, argsOf(hidden, values), env);
  return { kind: "problems", problems, form: { ...reopened, form: asEntered(reopened.form, values, problems) } };
}

/** The form with the values entered in its visible fields, and each field's problem under it. */
const asEntered = (form: Form, values: FormValues, problems: FormProblems): Form => ({
  ...form,
  fields: form.fields.map((f) =>
    f.kind === "hidden"
      ? f
      : {
          ...f,
          ...(values[f.key] !== undefined ? { value: values[f.key] } : {}),
          ...(problems[f.key] !== undefined ? { problem: problems[f.key] } : {}),
        },
  ),
});
