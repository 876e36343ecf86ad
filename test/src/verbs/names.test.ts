import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorText } from "../../../src/commands/chat-error.js";
import { runCommand } from "../../../src/commands/run-command.js";
import { addApplication } from "../../../src/verbs/add-application.js";
import { addOrganisation } from "../../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";

const ESC = "\u001b";
const refused = (what: string) =>
  `❌ ${what} cannot contain control characters (terminal escapes, line breaks, tabs or direction marks); use letters, digits, spaces and punctuation.`;

describe("names with control characters", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
  });
  afterEach(() => rt.cleanup());

  /** What a person would be told when the work fails. */
  const told = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      return errorText(error, rt.log);
    }
    return "nothing refused";
  };

  it.each([
    ["an escape sequence", `Partner ${ESC}[31mRed`],
    ["a bell", "Partner\u0007 NL2"],
    ["a line break", "Partner\nNL2"],
    ["a right-to-left override", "Partner \u202eLN"],
  ])("refuses an organisation name with %s, saying what is allowed", async (_name, name) => {
    expect(await told(() => addOrganisation(rt.operator, { name }))).toBe(refused("The organisation name"));
    expect(await rt.db.select().from(rt.db.t.organisations)).toHaveLength(1);
  });

  it("refuses control characters in application and API names", async () => {
    const add = (name: string, apis: string[]) =>
      addApplication(rt.operator, { name, organisation: "Partner NL", apis });
    expect(await told(() => add(`Evil${ESC}]0;x`, []))).toBe(refused("The application name"));
    expect(await told(() => add("Partner-NL-Other", [`search${ESC}[8m`]))).toBe(refused("An API name"));
  });

  it("refuses a display name with control characters, typed in chat or given to the verb", async () => {
    const ann = await rt.as(MANAGER);
    const onConsole = { surface: "console" as const, canShowForms: false, canRevealSecrets: true };
    const reply = await runCommand(ann, `create Partner-NL-Search --name "Secret ${ESC}[2J"`, onConsole);
    expect(reply.blocks).toEqual([
      { type: "text", text: expect.stringContaining(refused("The display name").slice(2)) },
    ]);
    expect(
      await told(() => createClientSecret(ann, { application: "Partner-NL-Search", displayName: "a\u0085b" })),
    ).toBe(refused("The display name"));
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(0);
  });
});
