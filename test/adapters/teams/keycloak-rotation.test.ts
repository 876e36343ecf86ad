/**
 * The Teams create card with a provider whose rotation ends an older secret (Keycloak keeps one
 * previous secret): the card says what ends and its button names that secret; a stale card asks again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../../src/commands/run-command.js";
import { FakeKeycloak } from "../../fakes/fake-keycloak.js";
import type { FakeClient } from "../../fakes/fake-keycloak-realm.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { seedImportedPartner } from "../../helpers/provider-testbed.js";
import { MANAGER } from "../../helpers/seed.js";
import { click, say } from "./activities.js";
import { button, type Card, textOf } from "./cards.js";
import { ANN, serveTeams, type TeamsSetup } from "./teams-testbed.js";

const APP = "partner-nl-search";
const CONSOLE = { surface: "console", canShowForms: false, canRevealSecrets: true } as const;

describe("rotating a Keycloak client's secret with the Teams card", () => {
  let s: TeamsSetup;
  let kc: FakeKeycloak;
  let client: FakeClient;
  let first: string;
  beforeAll(async () => {
    kc = await FakeKeycloak.start(new FixedClock());
    s = await serveTeams(kc.env());
    client = kc.realm.addClient(APP);
    first = client.secret;
    await seedImportedPartner({ rt: s.rt, clock: s.rt.clock }, "partner-nl-", [APP]);
    const ann = await s.rt.as(MANAGER);
    expect((await runCommand(ann, `rotate ${APP} --name Second`, CONSOLE)).tone).toBe("success");
  });
  afterAll(async () => {
    await s.stop();
    await kc.close();
  });

  const names = async () => (await s.rt.db.select().from(s.rt.db.t.clientSecrets)).map((r) => r.displayName).sort();

  it("says on the card which secret ends; a card gone stale asks again; a current one ends exactly that secret", async () => {
    const { card } = await say(s, ANN, `rotate ${APP}`);
    expect(textOf(card)).toContain("Keycloak keeps at most one previous secret: rotating now ends the previous one");
    expect(textOf(card)).toContain(`${first.slice(0, 3)}…`);
    const rotate = button(card, "Rotate");
    expect(rotate.data.replacing).toMatch(/^kc-/);

    // The same card clicked twice: the second click would end another secret, so it asks instead.
    const done = await click(s, ANN, rotate.verb, { ...rotate.data, displayName: "Third", expiresOn: "2027-01-31" });
    expect(textOf(done.value as Card)).toContain("Copy it now");
    expect(kc.realm.accepts(client, first)).toBe(false);
    expect(await names()).toEqual(["Second", "Third"]);

    const again = await click(s, ANN, rotate.verb, { ...rotate.data, displayName: "Fourth", expiresOn: "2027-01-31" });
    const asked = again.value as Card;
    expect(textOf(asked)).toContain("rotating now ends the previous one");
    expect(textOf(asked)).toContain("(Second)");
    expect(await names()).toEqual(["Second", "Third"]);
  });
});
