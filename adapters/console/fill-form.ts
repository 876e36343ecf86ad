/**
 * A form on the console, asked field by field: its label (and choices), the default in brackets, Enter
 * keeps the default. Then it is submitted through the core, as a Slack modal or a Teams card is. Without
 * a terminal the next lines are the answers, so a script can fill a form in; a problem then ends the
 * form, where on a terminal the fields with problems are asked again.
 */
import type { CommandEnv } from "../../src/commands/command.js";
import { type FormValues, submitForm } from "../../src/commands/submit-form.js";
import type { Ctx } from "../../src/context.js";
import { type FormField, type FormReply, hiddenValues, type Reply } from "../../src/reply.js";

export type Prompt = {
  /** Asks and returns the line typed, or null when the input has ended. */
  ask: (question: string) => Promise<string | null>;
  say: (text: string) => void;
  isTTY: boolean;
};

/** One field: its hint and choices said first; the answer, or the default when nothing is typed. */
async function askField(io: Prompt, field: FormField, current: string | undefined): Promise<string | null> {
  if (field.hint) io.say(`  ${field.hint}`);
  for (const choice of field.choices ?? []) io.say(`  ${choice.value} — ${choice.label}`);
  const choices = field.choices ? ` (${field.choices.map((c) => c.value).join(" / ")})` : "";
  const fallback = current ?? field.value ?? "";
  const answer = await io.ask(`${field.label}${choices}${fallback ? ` [${fallback}]` : ""}: `);
  if (answer === null) return null;
  return answer.trim() === "" ? fallback : answer;
}

/** Fills the form in and submits it as the person; the answer, or undefined when the form was left. */
export async function fillForm(io: Prompt, ctx: Ctx, reply: FormReply, env: CommandEnv): Promise<Reply | undefined> {
  const { form } = reply;
  const values: FormValues = hiddenValues(form);
  let toAsk = form.fields.filter((f) => f.kind !== "hidden");
  for (;;) {
    for (const field of toAsk) {
      const answer = await askField(io, field, values[field.key]);
      if (answer === null) return undefined;
      values[field.key] = answer;
    }
    const outcome = await submitForm(ctx, form.command, values, env);
    if (outcome.kind === "reply") return outcome.reply;
    for (const field of outcome.form.form.fields) if (field.problem) io.say(`❌ ${field.label}: ${field.problem}`);
    toAsk = form.fields.filter((f) => outcome.problems[f.key] !== undefined);
    if (!io.isTTY || toAsk.length === 0) return undefined;
  }
}
