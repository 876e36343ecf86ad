import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderText } from "../../../../adapters/console/render-text.js";
import { runCommand } from "../../../../src/commands/run-command.js";
import { addOrganisation } from "../../../../src/verbs/add-organisation.js";
import { importApplications } from "../../../../src/verbs/import-applications.js";
import { syncClientSecrets } from "../../../../src/verbs/sync-client-secrets.js";
import { OKTA_TOKEN } from "../../../fakes/fake-okta.js";
import { leaksOf } from "../../../helpers/secret-leaks.js";
import { MANAGER, VIEWER } from "../../../helpers/seed.js";
import { APP, type OktaBed, oktaTestbed, seedOktaPartner } from "./okta-testbed.js";

const CONSOLE = { surface: "console", canShowForms: false, canRevealSecrets: true } as const;
const OUTAGE = "❌ Okta is not answering; nothing was changed. Try again in a minute.";
const DAY = 86_400_000;

const say = async (bed: OktaBed, email: string, line: string) => runCommand(await bed.rt.as(email), line, CONSOLE);
const secretsOf = async (bed: OktaBed) =>
  (await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).sort((a, b) => a.id - b.id);

describe("SECRET_PROVIDER=okta through the chat command layer (console surface)", () => {
  let bed: OktaBed;
  beforeEach(async () => {
    bed = await oktaTestbed();
  });
  afterEach(async () => {
    await bed.close();
  });

  it("imports the apps Okta's filter matches, with their secrets and the bot's lifetime as their expiry", async () => {
    const search = bed.okta.org.addApp("Partner NL Search");
    const secret = bed.okta.org.addSecret(search);
    bed.okta.org.addApp("Retired", { status: "INACTIVE" });
    await addOrganisation(bed.rt.operator, { name: "Partner NL" });
    const outcome = await importApplications(bed.rt.operator, {
      organisation: "Partner NL",
      filter: 'status eq "ACTIVE"',
    });
    expect(outcome.added).toEqual([{ name: "Partner-NL-Search", clientId: search.id, secrets: 1 }]);
    expect(bed.okta.requests[0]).toMatchObject({
      method: "GET",
      path: "/api/v1/apps",
      query: { filter: 'status eq "ACTIVE"', limit: "200" },
      authorization: `SSWS ${OKTA_TOKEN}`,
    });
    expect(await secretsOf(bed)).toEqual([
      expect.objectContaining({
        keyId: secret.id,
        isExternal: true,
        expiresAt: new Date(bed.clock.now().getTime() + 365 * DAY),
      }),
    ]);
  });

  it("creates a secret with the chat command, shows its value once, lists it, and refuses a third one before asking Okta", async () => {
    const [app] = await seedOktaPartner(bed);
    const reply = await say(bed, MANAGER, `create ${APP} --name Build --expires 90d`);
    expect(reply.tone).toBe("success");
    const created = app?.secrets[1];
    expect(reply.secret).toMatchObject({ value: created?.client_secret, keyId: created?.id });
    expect((await secretsOf(bed)).at(-1)).toMatchObject({
      displayName: "Build",
      hash: null,
      expiresAt: new Date("2027-02-24T23:59:59.000Z"), // 90d: the end of the day 90 days from today
    });
    expect(renderText(await say(bed, VIEWER, "list"))).toContain("Secrets: 2 unexpired");
    expect(renderText(await say(bed, VIEWER, `show ${APP}`))).toContain(`${created?.client_secret.slice(0, 3)}… Build`);

    const posts = bed.okta.requests.filter((r) => r.method === "POST").length;
    expect(renderText(await say(bed, MANAGER, `create ${APP}`))).toBe(
      `❌ Okta holds at most 2 secrets per application, and ${APP} has 2. Delete one you no longer use (show ${APP}), then try again.`,
    );
    expect(bed.okta.requests.filter((r) => r.method === "POST")).toHaveLength(posts);
    const help = renderText(await say(bed, MANAGER, "help"));
    expect(help).toContain("Okta holds at most 2 secrets per application: delete one before creating another.");
    expect(help).toContain(
      "Okta secrets never expire by themselves: the bot deactivates each at the expiry you chose.",
    );
  });

  it("deletes a secret after the confirmation, which says Okta deletes in two steps, deactivating then deleting it", async () => {
    const [app] = await seedOktaPartner(bed);
    const created = (await say(bed, MANAGER, `create ${APP} --name New`)).secret;
    const old = app?.secrets[0];
    const asked = await say(bed, MANAGER, `delete ${APP} ${old?.id}`);
    expect(renderText(asked)).toContain("Okta deletes in two steps: the bot deactivates it, then deletes it.");
    expect(app?.secrets).toHaveLength(2);
    expect((await say(bed, MANAGER, asked.confirmation?.yes.command ?? "")).tone).toBe("success");
    expect(bed.okta.requests.slice(-3).map((r) => `${r.method} ${r.path.split("/").slice(-2).join("/")}`)).toEqual([
      `GET secrets/${old?.id}`,
      `POST lifecycle/deactivate`,
      `DELETE secrets/${old?.id}`,
    ]);
    expect(app?.secrets.map((s) => s.id)).toEqual([created?.keyId]);
    expect((await secretsOf(bed)).map((s) => s.keyId)).toEqual([created?.keyId]);
  });

  it("picks up a secret generated in the Okta console and one deleted there with sync", async () => {
    const [app] = await seedOktaPartner(bed);
    const old = app?.secrets[0];
    const console = bed.okta.org.addSecret(app!);
    app!.secrets = app!.secrets.filter((s) => s !== old);
    bed.clock.advance(10 * 60_000);
    const outcome = await syncClientSecrets(bed.rt.operator);
    expect(outcome.added.map((s) => s.keyId)).toEqual([console.id]);
    expect(outcome.removed.map((s) => s.keyId)).toEqual([old?.id]);
    expect((await secretsOf(bed)).map((s) => [s.keyId, s.displayName, s.isExternal])).toEqual([
      [console.id, "Secret made in Okta", true],
    ]);
  });

  it("waits out throttling, and in an outage says Okta is not answering and changes nothing", async () => {
    const [app] = await seedOktaPartner(bed);
    const reset = String(Math.floor(bed.clock.now().getTime() / 1000));
    bed.okta.script.push({ status: 429, headers: { "x-rate-limit-reset": reset } });
    const throttled = await say(bed, MANAGER, `create ${APP} --name After-a-wait`);
    expect(throttled.tone).toBe("success");
    const asked = await say(bed, MANAGER, `delete ${APP} ${throttled.secret?.keyId}`);
    const before = await secretsOf(bed);
    bed.okta.isDown = true;
    expect(renderText(await say(bed, MANAGER, asked.confirmation?.yes.command ?? ""))).toBe(OUTAGE);
    expect(app?.secrets).toHaveLength(2);
    expect(await secretsOf(bed)).toEqual(before);
    bed.okta.isDown = false;
    expect((await say(bed, MANAGER, asked.confirmation?.yes.command ?? "")).tone).toBe("success");
    expect(app?.secrets).toHaveLength(1);
    expect(await leaksOf(bed.rt, [...bed.okta.org.secretValues, OKTA_TOKEN])).toEqual([]);
  });
});
