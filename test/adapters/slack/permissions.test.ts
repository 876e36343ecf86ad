import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SecretReveal } from "../../../src/reply.js";
import { requestSecretDeletion } from "../../../src/verbs/request-secret-deletion.js";
import { MANAGER, OTHER_APP as OTHER, seedTwoOrganisations } from "../../helpers/seed.js";
import { SAM, type SlackSetup, serveSlack, VIC } from "../../helpers/slack.js";
import { textOf } from "../../helpers/slack-blocks.js";
import { click, slash, submitForm } from "../../helpers/slack-payloads.js";

const APP = "Partner-NL-Search";

describe("who may create and delete through Slack buttons and modals", () => {
  let s: SlackSetup;
  let secret: SecretReveal;
  let other: SecretReveal;
  let ids: Record<string, string> = {};
  beforeAll(async () => {
    s = await serveSlack();
    ({ ids, secret, other } = await seedTwoOrganisations(s.rt.operator, s.rt.as));
  });
  afterAll(() => s.stop());

  const secretCount = async () => (await s.rt.db.select().from(s.rt.db.t.clientSecrets)).length;
  const pendingCount = async () => (await s.rt.db.select().from(s.rt.db.t.pendingConfirmations)).length;

  it.each([
    ["a person without a grant", SAM, APP, "I can't find an application"],
    ["a viewer", VIC, APP, "only its credential managers can change its secrets"],
    ["a viewer, naming another organisation's application", VIC, OTHER, "I can't find an application"],
  ])("refuses %s a hand-made Delete button and creates no confirmation", async (_, user, app, says) => {
    const before = await pendingCount();
    const keyId = app === APP ? secret.keyId : other.keyId;
    const answer = await (await click(s, user, `delete ${app} ${keyId}`)).answer();
    expect(answer.text).toContain(says);
    expect(await pendingCount()).toBe(before);
    expect(await secretCount()).toBe(2);
  });

  it("refuses a confirmation button clicked by anyone but the person who asked", async () => {
    const pending = await requestSecretDeletion(await s.rt.as(MANAGER), { application: APP, secret: secret.keyId });
    for (const user of [VIC, SAM]) {
      const answer = await (await click(s, user, `confirm ${pending.token}`)).answer();
      expect(answer.text).toContain("belongs to the person who asked");
    }
    expect(await secretCount()).toBe(2);
  });

  it.each([
    ["a person without a grant", SAM, APP],
    ["a viewer", VIC, APP],
    ["a viewer, naming another organisation's application", VIC, OTHER],
  ])("shows %s no create form from a Create button, only the refusal", async (_, user, app) => {
    const update = await nextModal(s, () => click(s, user, `create ${app}`));
    expect((update.body.view as { callback_id: string }).callback_id).toBe("steward:reply");
    expect(textOf(update.body.view)).toMatch(/^❌|\n❌/);
  });

  it.each([
    ["a person without a grant", SAM, APP],
    ["a viewer", VIC, APP],
    ["a viewer, naming another organisation's application", VIC, OTHER],
  ])("creates nothing when %s submits a hand-made create form", async (_, user, app) => {
    const viewId = `VFORGED${user}${app.length}`;
    s.fake.state.views.set(viewId, {});
    const metadata = JSON.stringify({ command: "create", values: { application: ids[app] } });
    const ack = await submitForm(s, user, { viewId, metadata, displayName: "Mine now", expiresOn: "2027-01-31" });
    expect(JSON.parse(ack.text).response_action).toBe("update");
    const update = await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId);
    expect(textOf(update.body.view)).toContain("❌");
    expect(textOf(update.body.view)).not.toContain("out of date");
    expect(textOf(update.body.view)).not.toContain("sst_");
    expect(await secretCount()).toBe(2);
  });

  it("creates nothing for a viewer's typed `create` with flags", async () => {
    const update = await nextModal(s, () => slash(s, VIC, `create ${APP} --name Sneaky --expires 30d`));
    expect(textOf(update.body.view)).toContain("only its credential managers");
    expect(await secretCount()).toBe(2);
  });
});

/** Runs `act`, which opens a modal, and returns the first update of that modal. */
async function nextModal(s: SlackSetup, act: () => Promise<unknown>) {
  const opened = s.fake.callsOf("views.open").length;
  await act();
  const open = await s.fake.waitFor("views.open", () => true, opened + 1);
  const viewId = (open.response as { view: { id: string } }).view.id;
  return s.fake.waitFor("views.update", (c) => c.body.view_id === viewId);
}
