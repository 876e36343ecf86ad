import { describe, expect, it } from "vitest";
import { argsOf, problemsOf } from "../../../src/commands/form-fields.js";
import { checkForm } from "../../../src/commands/submit-form.js";
import type { FormField } from "../../../src/reply.js";
import { testConfig } from "../../helpers/config.js";

const fields: FormField[] = [
  { key: "app", kind: "hidden", label: "Application", isRequired: true, fills: { word: 0 } },
  { key: "role", kind: "choice", label: "Role", isRequired: true, fills: { word: 1 } },
  { key: "note", kind: "multiline", label: "Note", fills: { option: "note" } },
  { key: "until", kind: "date", label: "Until", fills: { option: "until" } },
];

/** Pure dependencies, as Slack's check before ack has them: a clock, the configuration, the provider's cap. */
const deps = {
  clock: { now: () => new Date("2026-11-26T09:00:00Z") },
  config: testConfig({ GRANT_MAX_DAYS: "90" }),
  provider: { maxLifetimeDays: 365 },
} as never;

describe("a form's values as its command's words", () => {
  it("puts each value where its field goes, whole: quotes and dashes in a value stay in it", () => {
    const args = argsOf(fields, { app: "Partner NL", role: "viewer", note: 'say "hi" -- --until 2030-01-01' });
    expect(args).toEqual({
      positionals: ["Partner NL", "viewer"],
      values: { note: 'say "hi" -- --until 2030-01-01' },
    });
  });

  it("leaves empty optional fields out and keeps empty required ones, so the command says what they need", () => {
    expect(argsOf(fields, { app: "A", role: "  ", note: " ", until: "" })).toEqual({
      positionals: ["A", "  "],
      values: {},
    });
    expect(argsOf(fields, {})).toEqual({ positionals: ["", ""], values: {} });
  });

  it("maps the command's problems back to fields by their paths; a hidden field's goes on the first visible one", () => {
    const problems = problemsOf(fields, [
      { path: ["values", "until"], message: "Too late." },
      { path: ["positionals", 1], message: "Manager or viewer." },
      { path: ["positionals", 1], message: "A second problem is not shown." },
      { path: ["positionals", 0], message: "No such application." },
    ]);
    expect(problems).toEqual({ until: "Too late.", role: "Manager or viewer." });
    expect(problemsOf(fields, [{ path: ["positionals", 0], message: "No such application." }])).toEqual({
      role: "No such application.",
    });
  });

  it("checks a real command's form without the database, in the command's words", () => {
    expect(checkForm(deps, "request", { target: "Partner-NL-Search", role: "viewer", forDays: "30d" })).toEqual({});
    expect(checkForm(deps, "request", { target: " ", role: "owner", forDays: "91d" })).toEqual({
      target: "Say which application or organisation.",
      role: "The role is manager or viewer.",
      forDays: '"91d" is not a grant length. Give a number of days from 1 to 90, like --for 30d.',
    });
    expect(checkForm(deps, "create", { application: "X", displayName: "CI", expiresOn: "2026-11-26" })).toEqual({
      expiresOn: "The expiry date must be in the future: 2026-11-27 at the earliest.",
    });
    expect(checkForm(deps, "no-such-command", {})).toEqual({});
  });
});
