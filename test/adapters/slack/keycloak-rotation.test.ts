/**
 * The Slack modal with a provider whose rotation ends an older secret (Keycloak keeps one previous
 * secret): the form says what ends, the secret it names travels in the modal's metadata, and a
 * submission whose named secret is no longer the one that would end asks again instead of ending it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCommand } from "../../../src/commands/run-command.js";
import { FakeKeycloak } from "../../fakes/fake-keycloak.js";
import type { FakeClient } from "../../fakes/fake-keycloak-realm.js";
import type { SlackCall } from "../../fakes/fake-slack-web-api.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { seedImportedPartner } from "../../helpers/provider-testbed.js";
import { MANAGER } from "../../helpers/seed.js";
import { ANN, type SlackSetup, serveSlack } from "../../helpers/slack.js";
import { buttonsIn, revealedValue, textOf } from "../../helpers/slack-blocks.js";
import { click, submitForm } from "../../helpers/slack-payloads.js";

const APP = "partner-nl-search";
const CONSOLE = { surface: "console", canShowForms: false, canRevealSecrets: true } as const;
type View = { callback_id?: string; private_metadata?: string; blocks: unknown[] };
const viewOf = (c: SlackCall) => c.body.view as View;
const isForm = (c: SlackCall) => viewOf(c).callback_id === "steward:form";
const isReveal = (c: SlackCall) => viewOf(c).callback_id === "steward:reveal";

describe("rotating a Keycloak client's secret through the Slack modal", () => {
  let s: SlackSetup;
  let kc: FakeKeycloak;
  let client: FakeClient;
  beforeEach(async () => {
    kc = await FakeKeycloak.start(new FixedClock());
    s = await serveSlack(kc.env());
    client = kc.realm.addClient(APP);
    await seedImportedPartner({ rt: s.rt, clock: s.rt.clock }, "partner-nl-", [APP]);
  });
  afterEach(async () => {
    await s.stop();
    await kc.close();
  });

  async function openRotateForm() {
    const before = s.fake.callsOf("views.update").filter(isForm).length;
    await click(s, ANN, `rotate ${APP}`);
    const form = await s.fake.waitFor("views.update", isForm, before + 1);
    return { viewId: String(form.body.view_id), metadata: String(viewOf(form).private_metadata), view: viewOf(form) };
  }

  it("says on the form which secret the rotation ends, and ends exactly that one on submit", async () => {
    const first = client.secret;
    const ann = await s.rt.as(MANAGER);
    expect((await runCommand(ann, `rotate ${APP} --name Second`, CONSOLE)).tone).toBe("success");

    const { viewId, metadata, view } = await openRotateForm();
    expect(textOf(view.blocks)).toContain(
      "Keycloak keeps at most one previous secret: rotating now ends the previous one",
    );
    expect(textOf(view.blocks)).toContain(`${first.slice(0, 3)}…`);
    const named = (JSON.parse(metadata) as { values: { replacing?: string } }).values.replacing;
    expect(named).toMatch(/^kc-/);

    const ack = await submitForm(s, ANN, { viewId, metadata, displayName: "Third", expiresOn: "2027-01-31" });
    expect(JSON.parse(ack.text)).toMatchObject({ response_action: "update" });
    const reveal = await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId && isReveal(c));
    const value = revealedValue(reveal.body.view) ?? "";
    expect(kc.realm.accepts(client, value)).toBe(true);
    expect(kc.realm.accepts(client, first)).toBe(false);
    const rows = await s.rt.db.select().from(s.rt.db.t.clientSecrets);
    expect(rows.map((r) => r.displayName).sort()).toEqual(["Second", "Third"]);
  });

  it("asks again when the form names a secret that is no longer the one a rotation would end", async () => {
    // Two rotations first, as on the console: Second, then Third, which ends the imported secret.
    const ann = await s.rt.as(MANAGER);
    expect((await runCommand(ann, `rotate ${APP} --name Second`, CONSOLE)).tone).toBe("success");
    const [imported] = (await s.rt.db.select().from(s.rt.db.t.clientSecrets)).filter((r) => r.displayName !== "Second");
    const third = await runCommand(ann, `rotate ${APP} --name Third --replacing ${imported?.keyId}`, CONSOLE);
    expect(third.tone).toBe("success");

    const { viewId, metadata } = await openRotateForm();
    // Someone rotates in the meantime: the secret the form named has ended; another would end now.
    const meantime = await runCommand(
      ann,
      `rotate ${APP} --name Fourth --replacing ${JSON.parse(metadata).values.replacing}`,
      CONSOLE,
    );
    expect(meantime.tone).toBe("success");
    const before = (await s.rt.db.select().from(s.rt.db.t.clientSecrets)).map((r) => r.displayName).sort();
    const calls = kc.adminRequests().length;

    const ack = await submitForm(s, ANN, { viewId, metadata, displayName: "Fifth", expiresOn: "2027-01-31" });
    expect(JSON.parse(ack.text)).toMatchObject({ response_action: "update" });
    const asked = await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId && !isForm(c));
    expect(textOf(viewOf(asked).blocks)).toContain("rotating now ends the previous one");
    expect(textOf(viewOf(asked).blocks)).toContain("(Third)");
    const after = (await s.rt.db.select().from(s.rt.db.t.clientSecrets)).map((r) => r.displayName).sort();
    expect(after).toEqual(before);
    expect(
      kc
        .adminRequests()
        .slice(calls)
        .filter((r) => r.method !== "GET"),
    ).toEqual([]);

    // The button names the secret that ends now; clicking it goes ahead and shows the value once.
    const [goAhead] = buttonsIn(viewOf(asked).blocks);
    expect(goAhead?.value).toMatch(new RegExp(`^rotate ${APP} --name Fifth .*--replacing kc-`));
    await click(s, ANN, goAhead?.value ?? "", { in: "modal", viewId });
    const reveal = await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId && isReveal(c));
    expect(kc.realm.accepts(client, revealedValue(reveal.body.view) ?? "")).toBe(true);
    const final = (await s.rt.db.select().from(s.rt.db.t.clientSecrets)).map((r) => r.displayName).sort();
    expect(final).toEqual(["Fifth", "Fourth"]);
  });
});
