import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderText } from "../../../adapters/console/render-text.js";
import type { CommandEnv } from "../../../src/commands/command.js";
import { runCommand } from "../../../src/commands/run-command.js";
import type { Ctx } from "../../../src/context.js";
import { addApplication } from "../../../src/verbs/add-application.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";

const onConsole: CommandEnv = { surface: "console", canShowForms: false, canRevealSecrets: true };

describe("days to expiry, counted in calendar days of REMINDER_TIMEZONE", () => {
  let rt: TestRuntime;
  let ann: Ctx;
  const run = async (line: string) => runCommand(ann, line, onConsole);
  beforeEach(async () => {
    // 09:00 on 1 March 2027; a secret that ends at the end of tomorrow has 39 hours left.
    rt = await testRuntime({ clock: new FixedClock("2027-03-01T09:00:00Z") });
    await seedPartner(rt.operator);
    ann = await rt.as(MANAGER);
    await run('create Partner-NL-Search --name "Due tomorrow" --expires 2027-03-02');
    await run('create Partner-NL-Search --name "A year left" --expires 2028-02-20');
  });
  afterEach(() => rt.cleanup());

  it("says a secret that expires tomorrow expires tomorrow, in show and in expiring 1", async () => {
    expect(renderText(await run("show Partner-NL-Search"))).toMatch(/Due tomorrow\n.*2027-03-02 ⚠️ expires tomorrow/);
    const soon = renderText(await run("expiring 1"));
    expect(soon).toContain("Secrets expiring within 1 day");
    // "A year left" took over from it (a rotation) and nothing used either yet.
    expect(soon).toMatch(
      /Due tomorrow\n.*Expires: 2027-03-02 ⚠️ expires tomorrow · Use: never used · Next step: not moved yet: move every system that uses it to the newer secret sst_\w{3}…/,
    );
    expect(soon).not.toContain("A year left");
  });

  it("says rotate now only within the expiring window, and offers Rotate only there", async () => {
    const far = await run("expiring 400");
    const text = renderText(far);
    expect(text).toMatch(
      /A year left\n.*✅ active · Use: never used · Next step: none yet: rotate from 2028-01-21 \(30 days before it expires\)/,
    );
    expect(text).not.toMatch(/A year left\n.*rotate now/);
    const rotate = far.blocks.filter((b) => b.type === "item" && b.accessory?.label === "Rotate");
    expect(rotate).toHaveLength(0);

    // A secret within the window with no newer one: rotate now, with the one Rotate button, for its manager.
    await addApplication(rt.operator, { name: "Partner-NL-Match", organisation: "Partner NL", apis: [] });
    await grantAccess(rt.operator, {
      email: MANAGER,
      target: { kind: "application", ref: "Partner-NL-Match" },
      role: "manager",
    });
    await run('create Partner-NL-Match --name "Due soon" --expires 2027-03-20');
    const soon = await run("expiring 400");
    expect(renderText(soon)).toMatch(/Due soon\n.*Next step: rotate now/);
    const offered = soon.blocks.filter((b) => b.type === "item" && b.accessory?.label === "Rotate");
    expect(offered).toEqual([
      expect.objectContaining({ accessory: expect.objectContaining({ command: "rotate Partner-NL-Match" }) }),
    ]);
  });
});
