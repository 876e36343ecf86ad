import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { ANN, SAM, type SlackSetup, serveSlack } from "../../helpers/slack.js";
import { buttonsIn, textOf } from "../../helpers/slack-blocks.js";
import { click, openHome } from "../../helpers/slack-payloads.js";

const APP = "Partner-NL-Search";

describe("the App Home tab", () => {
  let s: SlackSetup;
  beforeEach(async () => {
    s = await serveSlack();
    await seedPartner(s.rt.operator);
    await createClientSecret(await s.rt.as(MANAGER), { application: APP, displayName: "Soon gone", expires: "20d" });
  });
  afterEach(() => s.stop());

  const homesOf = (user: string) => s.fake.callsOf("views.publish").filter((c) => c.body.user_id === user);

  it("publishes the person's applications and the secrets expiring within 30 days when the tab is opened", async () => {
    expect((await openHome(s, ANN)).status).toBe(200);
    const home = await s.fake.waitFor("views.publish", (c) => c.body.user_id === ANN);
    const view = home.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    const text = textOf(view.blocks);
    expect(text).toContain("Your applications (1)");
    expect(text).toContain("Secrets expiring within 30 days");
    expect(text).toContain("Soon gone");
    expect(buttonsIn(view.blocks).map((b) => b.value)).toEqual([`show ${APP}`, `rotate ${APP}`]);
  });

  it("tells a person without a grant whom to ask", async () => {
    await openHome(s, SAM);
    const home = await s.fake.waitFor("views.publish", (c) => c.body.user_id === SAM);
    expect(textOf(home.body.view)).toContain("You have no applications yet");
  });

  it("answers a Home button in a modal, where Delete, confirmation and outcome follow, then refreshes the tab", async () => {
    const opened = s.fake.callsOf("views.open").length;
    await click(s, ANN, `show ${APP}`, { in: "home" });
    const open = await s.fake.waitFor("views.open", () => true, opened + 1);
    const viewId = (open.response as { view: { id: string } }).view.id;
    const shown = await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId);
    const remove = buttonsIn(shown.body.view).find((b) => b.text === "Delete")!;
    await click(s, ANN, remove.value, { in: "modal", viewId });
    const asked = await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId, 2);
    const yes = buttonsIn(asked.body.view).find((b) => b.value.startsWith("confirm "))!;
    const homes = homesOf(ANN).length;
    await click(s, ANN, yes.value, { in: "modal", viewId });
    const done = await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId, 3);
    expect(textOf(done.body.view)).toContain("✅ Deleted secret");
    expect(await s.rt.db.select().from(s.rt.db.t.clientSecrets)).toEqual([]);
    await s.fake.waitFor("views.publish", (c) => c.body.user_id === ANN, homes + 1);
    expect(textOf(homesOf(ANN).at(-1)!.body.view)).toContain("no unexpired secret");
  });
});
