/**
 * The request form in Microsoft Teams, driven as Teams does: `request` alone answers with a form card
 * (the form is the core's; nothing in the Teams adapter knows `request`), a submission with problems
 * comes back as the same card with what was entered and each problem under its field, and a good one
 * files the request, replaces the card with the answer and tells the deciders.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import type { TeamsUserSpec } from "../../fakes/fake-bot-connector-routes.js";
import { seedPartner } from "../../helpers/seed.js";
import { click, personalChatOf, say } from "./activities.js";
import { button, type Card, inputsOf, textOf } from "./cards.js";
import { fileKeys, SAM, serveTeams, type TeamsSetup } from "./teams-testbed.js";

const APP = "Partner-NL-Search";
const ADMIN = "root@registry.org";
const ROOT = { id: "29:root", aadObjectId: "aad-root", name: "Root Admin", email: ADMIN };
const OLGA = { id: "29:olga", aadObjectId: "aad-olga", name: "Olga Org", email: "olga@partner-nl.org" };

describe("the request form in Microsoft Teams", () => {
  let s: TeamsSetup;
  const requests = () => s.rt.db.select().from(s.rt.db.t.accessRequests);

  // Each test its own server and database (the Bot Framework's keys made once for the file).
  const keys = fileKeys();
  beforeEach(async () => {
    s = await serveTeams({ ADMIN_EMAILS: ADMIN, GRANT_MAX_DAYS: "90" }, { keys });
    s.fake.addUser(ROOT).addUser(OLGA);
    await seedPartner(s.rt.operator);
    await grantAccess(s.rt.operator, {
      email: OLGA.email,
      target: { kind: "organisation", ref: "Partner NL" },
      role: "manager",
    });
    // The bot knows people in Teams once they have written to it.
    for (const user of [ROOT, OLGA]) await say(s, user, "help");
  });
  afterEach(() => s.stop());

  it("answers `request` alone with a form card whose button submits the command", async () => {
    const { card } = await say(s, SAM, "request");
    expect(textOf(card)).toContain("Request access");
    expect(inputsOf(card).map((i) => [i.type, i.id, i.isRequired])).toEqual([
      ["Input.Text", "target", true],
      ["Input.ChoiceSet", "role", true],
      ["Input.Text", "forDays", false],
      ["Input.Text", "reason", false],
    ]);
    const [, role, , reason] = inputsOf(card);
    expect(((role?.choices ?? []) as { value: string }[]).map((c) => c.value)).toEqual(["manager", "viewer"]);
    expect(role?.errorMessage).toBe("The role is manager or viewer.");
    expect(reason).toMatchObject({ isMultiline: true, maxLength: 500 });
    expect(button(card, "Request")).toMatchObject({ verb: "submit", data: { command: "request" } });
  });

  it("brings the card back with what was entered and each problem under its field, and files nothing", async () => {
    const entered = { target: APP, role: "", forDays: "9999d", reason: "x".repeat(501) };
    const answer = await click(s, SAM, "submit", { command: "request", ...entered });
    expect(answer.type).toBe("application/vnd.microsoft.card.adaptive");
    const form = answer.value as Card;
    const under = (id: string) => {
      const at = form.body.findIndex((e) => e.id === id);
      return String(form.body[at + 1]?.text);
    };
    expect(under("role")).toBe("❌ The role is manager or viewer.");
    expect(under("forDays")).toBe(
      '❌ "9999d" is not a grant length. Give a number of days from 1 to 90, like --for 30d.',
    );
    expect(under("reason")).toBe("❌ Keep the reason under 500 characters.");
    expect(under("target")).not.toContain("❌");
    expect(inputsOf(form).map((i) => i.value)).toEqual([APP, undefined, "9999d", "x".repeat(500)]);
    expect(await requests()).toEqual([]);
  });

  it("files a good one: the answer replaces the card, and both deciders are told in their 1:1 chats", async () => {
    const sent = (user: TeamsUserSpec) => s.fake.callsOf("send", personalChatOf(user)).length;
    const before = { root: sent(ROOT), olga: sent(OLGA) };
    const reason = 'for our "matching" integration -- urgent';
    const answer = await click(s, SAM, "submit", {
      command: "request",
      target: APP,
      role: "manager",
      forDays: "",
      reason,
    });
    expect(answer.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(textOf(answer.value as Card)).toContain(`⏳ Asked to manage ${APP}.`);
    const [row] = await requests();
    expect(row).toMatchObject({ role: "manager", days: null, reason, status: "open" });
    await s.fake.waitFor("send", (c) => c.conversationId === personalChatOf(ROOT), before.root + 1);
    await s.fake.waitFor("send", (c) => c.conversationId === personalChatOf(OLGA), before.olga + 1);
  });
});
