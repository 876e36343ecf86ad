import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { seedPartner } from "../../helpers/seed.js";
import { ANN, CHANNEL_ID, type SlackSetup, serveSlack, TEAM_ID, VIC } from "../../helpers/slack.js";
import { slash } from "../../helpers/slack-payloads.js";

describe("`alerts here` in Slack", () => {
  let s: SlackSetup;
  beforeEach(async () => {
    s = await serveSlack();
    await seedPartner(s.rt.operator);
    await grantAccess(s.rt.operator, {
      email: "olga@partner-nl.org",
      target: { kind: "organisation", ref: "Partner NL" },
      role: "manager",
    });
    s.fake.addUser("U0OLGA", { email: "olga@partner-nl.org", name: "Olga" });
    s.fake.addChannel("C0QUIET", { name: "quiet", isMember: false });
    s.fake.addChannel("G0SECRET", { name: "secret-ops", isPrivate: true, isMember: false });
  });
  afterEach(() => s.stop());

  const channels = () => s.rt.db.select().from(s.rt.db.t.alertChannels);
  /** Olga records #ops for Partner NL, as the first test does: the channel the other tests must leave alone. */
  const recordOps = async () => {
    const answer = await (await slash(s, "U0OLGA", 'alerts here "Partner NL"')).answer();
    expect(answer.text).toContain("✅ This channel now gets the expiry alerts of Partner NL");
  };

  it("records the channel for an organisation manager once it checked the bot is a member", async () => {
    const answer = await (await slash(s, "U0OLGA", 'alerts here "Partner NL"')).answer();
    expect(answer.text).toContain("✅ This channel now gets the expiry alerts of Partner NL");
    expect(s.fake.callsOf("conversations.info").at(-1)?.body.channel).toBe(CHANNEL_ID);
    expect(await channels()).toEqual([
      expect.objectContaining({ platform: "slack", workspace: TEAM_ID, channelId: CHANNEL_ID }),
    ]);
  });

  it.each([
    ["a public channel the bot is not in", "C0QUIET"],
    ["a private channel the bot was not invited to", "G0SECRET"],
  ])("says how to invite the bot in %s, and records nothing", async (_, channel) => {
    await recordOps();
    const answer = await (await slash(s, "U0OLGA", 'alerts here "Partner NL"', channel)).answer();
    expect(answer.text).toContain("/invite @Secret Steward");
    expect((await channels()).map((c) => c.channelId)).toEqual([CHANNEL_ID]);
  });

  it("says it needs a channel when typed in a direct message", async () => {
    const answer = await (await slash(s, "U0OLGA", 'alerts here "Partner NL"', "D0DIRECT")).answer();
    expect(answer.text).toContain("works in a Slack or Teams channel");
  });

  it("refuses people who do not manage the whole organisation", async () => {
    await recordOps();
    for (const user of [ANN, VIC]) {
      const answer = await (await slash(s, user, 'alerts off "Partner NL"')).answer();
      expect(answer.text).toContain("Only administrators and credential managers of all of Partner NL");
    }
    expect(await channels()).toHaveLength(1);
  });
});
