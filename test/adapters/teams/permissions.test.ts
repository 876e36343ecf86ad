import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SecretReveal } from "../../../src/reply.js";
import { requestSecretDeletion } from "../../../src/verbs/request-secret-deletion.js";
import { MANAGER, OTHER_APP as OTHER, seedTwoOrganisations } from "../../helpers/seed.js";
import { click, personalChatOf, say } from "./activities.js";
import { textOf } from "./cards.js";
import { fileKeys, SAM, serveTeams, type TeamsSetup, VIC } from "./teams-testbed.js";

const APP = "Partner-NL-Search";

const cases = [
  ["a person without a grant", SAM, APP, "I can't find an application"],
  ["a viewer", VIC, APP, "only its credential managers can change its secrets"],
  ["a viewer, naming another organisation's application", VIC, OTHER, "I can't find an application"],
] as const;

describe("who may create and delete through Teams cards", () => {
  const keys = fileKeys();
  let s: TeamsSetup;
  let secret: SecretReveal;
  let other: SecretReveal;
  let ids: Record<string, string> = {};
  beforeEach(async () => {
    s = await serveTeams({}, { keys });
    ({ ids, secret, other } = await seedTwoOrganisations(s.rt.operator, s.rt.as));
  });
  afterEach(() => s.stop());

  const secretCount = async () => (await s.rt.db.select().from(s.rt.db.t.clientSecrets)).length;
  const pendingCount = async () => (await s.rt.db.select().from(s.rt.db.t.pendingConfirmations)).length;

  it.each(cases)("refuses %s a hand-made Delete button, on the card, and asks nothing", async (_, user, app, says) => {
    const before = await pendingCount();
    const keyId = app === APP ? secret.keyId : other.keyId;
    const answer = await click(s, user, "run", { command: `delete ${app} ${keyId}` });
    expect(answer.type).toBe("application/vnd.microsoft.activity.message");
    expect(String(answer.value)).toContain(says);
    expect(await pendingCount()).toBe(before);
    expect(await secretCount()).toBe(2);
  });

  it("refuses a confirmation clicked by anyone but the person who asked", async () => {
    const pending = await requestSecretDeletion(await s.rt.as(MANAGER), { application: APP, secret: secret.keyId });
    for (const user of [VIC, SAM]) {
      const answer = await click(s, user, "run", { command: `confirm ${pending.token}` });
      expect(String(answer.value)).toContain("belongs to the person who asked");
    }
    expect(await secretCount()).toBe(2);
  });

  it.each(cases)("shows %s no form from a Create button, only the refusal", async (_, user, app, says) => {
    const sent = s.fake.callsOf("send", personalChatOf(user)).length;
    const answer = await click(s, user, "run", { command: `create ${app}` });
    expect(String(answer.value)).toContain(says);
    expect(s.fake.callsOf("send", personalChatOf(user))).toHaveLength(sent);
  });

  it.each(cases)("creates nothing when %s submits a hand-made create or rotate form", async (_, user, app, says) => {
    for (const command of ["create", "rotate"]) {
      const form = { command, application: ids[app], displayName: "Mine now", expiresOn: "2027-01-31" };
      const answer = await click(s, user, "submit", form);
      expect(answer.type).toBe("application/vnd.microsoft.activity.message");
      expect(String(answer.value)).toContain(says);
      expect(String(answer.value)).not.toContain("sst_");
    }
    expect(await secretCount()).toBe(2);
  });

  it("creates nothing for a viewer's typed `create` with flags", async () => {
    const { card } = await say(s, VIC, `create ${APP} --name Sneaky --expires 30d`);
    expect(textOf(card)).toContain("only its credential managers");
    expect(await secretCount()).toBe(2);
  });

  it("refuses a button with a verb or data it does not know, without running anything", async () => {
    // A deletion Ann asked for and has not confirmed yet: no unknown button may add to it or run it.
    await requestSecretDeletion(await s.rt.as(MANAGER), { application: APP, secret: secret.keyId });
    const unknown = await click(s, VIC, "run", { command: "" });
    expect(String(unknown.value)).toContain("I don't know that button");
    const forged = await click(s, VIC, "sudo", { command: `delete ${APP} ${secret.keyId}` });
    expect(String(forged.value)).toContain("I don't know that button");
    expect(await pendingCount()).toBe(1);
  });
});
