import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderText } from "../../../adapters/console/render-text.js";
import type { CommandEnv } from "../../../src/commands/command.js";
import { runCommand } from "../../../src/commands/run-command.js";
import { type FormOutcome, submitForm } from "../../../src/commands/submit-form.js";
import type { Reply } from "../../../src/reply.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner, VIEWER } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const modal: CommandEnv = { surface: "slack", canShowForms: true, canRevealSecrets: true };

const replyOf = (outcome: FormOutcome): Reply => {
  if (outcome.kind !== "reply") throw new Error(`expected a reply, got problems: ${JSON.stringify(outcome.problems)}`);
  return outcome.reply;
};

describe("submitting a form", () => {
  let rt: TestRuntime;
  let clientId: string;
  beforeEach(async () => {
    rt = await testRuntime();
    clientId = (await seedPartner(rt.operator)).app.clientId;
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  const secrets = () => rt.db.select().from(rt.db.t.clientSecrets);
  const create = async (email: string, values: Record<string, string>) =>
    submitForm(await rt.as(email), "create", values, modal);

  it("runs the form's command as the person, with the values entered, and says what the command is", async () => {
    const outcome = await create(MANAGER, {
      application: clientId,
      displayName: "CI pipeline",
      expiresOn: "2027-06-30",
    });
    expect(replyOf(outcome).secret?.value).toMatch(/^sst_/);
    expect(outcome.kind === "reply" && outcome.traits).toMatchObject({ revealsSecret: true, changesSecrets: true });
    const [row] = await secrets();
    expect(row).toMatchObject({ displayName: "CI pipeline", expiresAt: new Date("2027-06-30T23:59:59Z") });
  });

  it("authorises the hidden application again: a viewer's submission is refused as the typed line is", async () => {
    const typed = await runCommand(await rt.as(VIEWER), `create ${clientId} --name X --expires 2027-06-30`, modal);
    const outcome = await create(VIEWER, { application: clientId, displayName: "X", expiresOn: "2027-06-30" });
    expect(replyOf(outcome).tone).toBe("error");
    expect(renderText(replyOf(outcome))).toBe(renderText(typed));
    expect(renderText(typed)).toContain("only its credential managers can change its secrets");
    expect(await secrets()).toEqual([]);
  });

  it("takes a hidden value as one word: it cannot carry options of its own", async () => {
    const smuggled = `${APP} --replacing kc-1`;
    const outcome = await create(MANAGER, { application: smuggled, displayName: "X", expiresOn: "2027-06-30" });
    expect(renderText(replyOf(outcome))).toContain(`I can't find an application "${smuggled}"`);
    expect(await secrets()).toEqual([]);
  });

  it("comes back with the problems and the form again, with what was entered and each problem on its field", async () => {
    const outcome = await create(MANAGER, { application: clientId, displayName: " ", expiresOn: "2030-01-01" });
    if (outcome.kind !== "problems") throw new Error("expected problems");
    expect(outcome.problems).toEqual({
      displayName: "Give the secret a display name, e.g. Secret by Ann.",
      expiresOn: "A secret can live at most 365 days: choose 2027-11-26 or earlier.",
    });
    const fields = outcome.form.form.fields.map((f) => [f.key, f.value, f.problem]);
    expect(fields).toEqual([
      ["application", clientId, undefined],
      ["displayName", " ", outcome.problems.displayName],
      ["expiresOn", "2030-01-01", outcome.problems.expiresOn],
      ["replacing", undefined, undefined],
    ]);
    expect(await secrets()).toEqual([]);
  });

  it("refuses a blank expiry in the form, while a typed blank `--name` or `--expires` means the default", async () => {
    const outcome = await create(MANAGER, { application: clientId, displayName: "Nightly", expiresOn: "" });
    expect(outcome.kind === "problems" && outcome.problems).toEqual({ expiresOn: "Choose an expiry date." });
    expect(await secrets()).toEqual([]);
    const typed = await runCommand(await rt.as(MANAGER), `create ${APP} --name "" --expires " "`, modal);
    expect(typed.tone).toBe("success");
    const [row] = await secrets();
    expect(row?.displayName).toBe("Secret by ann");
    expect(row?.expiresAt.toISOString().slice(0, 10)).toBe("2027-11-26");
  });

  it("says a form is out of date when its command is not one with a form", async () => {
    const outcome = await submitForm(await rt.as(MANAGER), "show", { application: APP }, modal);
    expect(renderText(replyOf(outcome))).toBe("❌ This form is out of date: close it and run the command again.");
  });
});
