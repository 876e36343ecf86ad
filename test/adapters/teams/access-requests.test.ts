/**
 * Access requests in Microsoft Teams, driven as Teams does (activities with Bot Framework tokens,
 * against a fake Bot Connector): the deciders get a card in their 1:1 chat with Approve and Deny; one
 * approves with the button; the other's card is updated to show it; the requester is told in their 1:1
 * chat and can `show` the application; a second approval is told who decided; a viewer's forged Approve
 * is refused; the delete confirmation says when the secret was last used.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import type { TeamsUserSpec } from "../../fakes/fake-bot-connector-routes.js";
import { MANAGER, STRANGER, seedPartner } from "../../helpers/seed.js";
import { click, personalChatOf, say } from "./activities.js";
import { buttonsOf, cardOf, textOf } from "./cards.js";
import { ANN, fileKeys, SAM, serveTeams, type TeamsSetup, VIC } from "./teams-testbed.js";

const APP = "Partner-NL-Search";
const ADMIN = "root@registry.org";
const ROOT = { id: "29:root", aadObjectId: "aad-root", name: "Root Admin", email: ADMIN };
const OLGA = { id: "29:olga", aadObjectId: "aad-olga", name: "Olga Org", email: "olga@partner-nl.org" };

describe("access requests in Microsoft Teams", () => {
  const keys = fileKeys();
  let s: TeamsSetup;
  const sentTo = (user: TeamsUserSpec) => s.fake.callsOf("send", personalChatOf(user)).length;

  beforeEach(async () => {
    s = await serveTeams({ ADMIN_EMAILS: ADMIN }, { keys });
    s.fake.addUser(ROOT).addUser(OLGA);
    await seedPartner(s.rt.operator);
    await grantAccess(s.rt.operator, {
      email: OLGA.email,
      target: { kind: "organisation", ref: "Partner NL" },
      role: "manager",
    });
    // The bot knows people in Teams once they have written to it.
    for (const user of [ROOT, OLGA, SAM, VIC]) await say(s, user, "help");
  });
  afterEach(() => s.stop());

  it("tells both deciders in their 1:1 chats, takes one approval, updates the other's card and tells the requester", async () => {
    const before = { root: sentTo(ROOT), olga: sentTo(OLGA), sam: sentTo(SAM) };
    const { card } = await say(s, SAM, `request ${APP} viewer --for 30d --reason "our matching integration"`);
    expect(textOf(card)).toContain(`⏳ Asked to view ${APP} for 30 days`);
    const toRoot = await s.fake.waitFor("send", (c) => c.conversationId === personalChatOf(ROOT), before.root + 1);
    await s.fake.waitFor("send", (c) => c.conversationId === personalChatOf(OLGA), before.olga + 1);
    const notice = cardOf(toRoot);
    expect(textOf(notice)).toContain("our matching integration");
    const [request] = await s.rt.db.select().from(s.rt.db.t.accessRequests);
    const id = request!.id;
    expect(buttonsOf(notice).map((b) => [b.title, b.data.command])).toEqual([
      ["Approve", `approve ${id}`],
      ["Deny", `deny ${id}`],
    ]);

    const approved = await click(s, OLGA, "run", { command: `approve ${id}` });
    expect(approved.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(textOf(approved.value as never)).toContain(`${STRANGER} may now view ${APP}`);

    const updated = await s.fake.waitFor("update", (c) => c.conversationId === personalChatOf(ROOT));
    const updatedCard = cardOf(updated);
    expect(textOf(updatedCard)).toContain("approved by olga@partner-nl.org");
    expect(buttonsOf(updatedCard)).toEqual([]);
    const told = await s.fake.waitFor("send", (c) => c.conversationId === personalChatOf(SAM), before.sam + 2);
    expect(textOf(cardOf(told))).toContain(`Your request to view ${APP} was approved by olga@partner-nl.org`);

    expect(textOf((await say(s, SAM, `show ${APP}`)).card)).toContain("Your access: viewer");
    const twice = await click(s, ROOT, "run", { command: `approve ${id}` });
    expect(String(twice.value)).toContain(`Request #${id} was already approved by olga@partner-nl.org`);
    const forged = await click(s, VIC, "run", { command: `approve ${id}` });
    expect(String(forged.value)).toContain("Only administrators and credential managers of a whole organisation");
  });

  it("says in the delete confirmation when the secret was last used", async () => {
    const secret = await createClientSecret(await s.rt.as(MANAGER), { application: APP });
    const { card } = await say(s, ANN, `delete ${APP} ${secret.hint}`);
    expect(textOf(card)).toContain("It has never been used to get a token");
  });
});
