/**
 * Between a form's fields and its command's words. A submitted form becomes the command's parsed
 * arguments straight from where each field goes — no command line is written and read back, so a
 * quote or a `--` in a value is just part of that value — and the command's problems with them (zod
 * issue paths) come back to the field they belong to.
 */
import type { FieldFill, FormField } from "../reply.js";
import type { ParsedArgs } from "./command.js";

/** What was submitted, by field key. */
export type FormValues = Record<string, string>;

/** What is wrong, by field key (visible fields only), in the command's own words. */
export type FormProblems = Record<string, string>;

export type Issue = { readonly path: readonly PropertyKey[]; readonly message: string };

const isBlank = (value: string): boolean => value.trim() === "";

/**
 * The command's words and options from these values. An empty optional field is left out; an empty
 * required one goes in empty, so the command's own check says what it needs. A word left out before
 * a given one stays empty, keeping every word in its place.
 */
export function argsOf(fields: readonly FormField[], values: FormValues): ParsedArgs {
  const words: string[] = [];
  const options: Record<string, string> = {};
  for (const field of fields) {
    const value = values[field.key] ?? "";
    if (isBlank(value) && !field.isRequired) continue;
    if ("word" in field.fills) words[field.fills.word] = value;
    else options[field.fills.option] = value;
  }
  return { positionals: Array.from(words, (word) => word ?? ""), values: options };
}

const fills = (fill: FieldFill, [where, which]: readonly PropertyKey[]): boolean =>
  "word" in fill ? where === "positionals" && which === fill.word : where === "values" && which === fill.option;

/**
 * The command's problems by field: `["positionals", n]` is the field filling word n, `["values", opt]`
 * the one filling that option. A problem with a hidden field, or with none, is shown on the first
 * visible field, so it is never lost; the first problem of each field is kept.
 */
export function problemsOf(fields: readonly FormField[], issues: readonly Issue[]): FormProblems {
  const visible = fields.filter((f) => f.kind !== "hidden");
  const fallback = visible[0]?.key ?? fields[0]?.key ?? "form";
  const problems: FormProblems = {};
  for (const issue of issues) {
    const field = fields.find((f) => fills(f.fills, issue.path));
    const key = field && field.kind !== "hidden" ? field.key : fallback;
    problems[key] ??= issue.message;
  }
  return problems;
}

/** Required fields left blank that say themselves what to answer (`requiredMessage`), by key. */
export function blankRequired(fields: readonly FormField[], values: FormValues): FormProblems {
  const problems: FormProblems = {};
  for (const f of fields) {
    if (f.isRequired && f.kind !== "hidden" && f.requiredMessage && isBlank(values[f.key] ?? "")) {
      problems[f.key] = f.requiredMessage;
    }
  }
  return problems;
}

/** The command's problems and the blank required fields', one per field. */
export const problemsWith = (
  fields: readonly FormField[],
  values: FormValues,
  issues: readonly Issue[],
): FormProblems => ({ ...problemsOf(fields, issues), ...blankRequired(fields, values) });

/**
 * The fields, each required one saying what the command answers when it is left empty (its own words),
 * for surfaces that refuse an empty required field before it is submitted (Teams).
 */
export function withRequiredMessages(
  fields: readonly FormField[],
  issuesOf: (args: ParsedArgs) => readonly Issue[],
): FormField[] {
  const blank = Object.fromEntries(fields.map((f) => [f.key, f.kind === "hidden" ? (f.value ?? "") : ""]));
  const problems = problemsOf(fields, issuesOf(argsOf(fields, blank)));
  return fields.map((f) => {
    const message = f.isRequired && f.kind !== "hidden" ? (f.requiredMessage ?? problems[f.key]) : undefined;
    return message ? { ...f, requiredMessage: message } : f;
  });
}
