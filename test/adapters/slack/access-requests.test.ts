/**
 * Access requests in Slack, through signed requests as Slack sends them: the deciders get a direct
 * message with Approve and Deny; one approves with the button; the other's message is updated to show
 * it; the requester hears the outcome in a direct message and can `show` the application. A second
 * approval is told who decided; a viewer's forged Approve click and a self-approval are refused; a deny
 * carries its reason; the delete confirmation says when the secret was last used.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { MANAGER, STRANGER, seedPartner } from "../../helpers/seed.js";
import { ANN, CHANNEL_ID, SAM, type SlackSetup, serveSlack, VIC } from "../../helpers/slack.js";
import { buttonsIn, textOf } from "../../helpers/slack-blocks.js";
import { click, slash } from "../../helpers/slack-payloads.js";

const APP = "Partner-NL-Search";
const ADMIN = "root@registry.org";
const ROOT = "U0ROOT";
const OLGA = "U0OLGA";

describe("access requests in Slack", () => {
  let s: SlackSetup;
  const dmsTo = (userId: string) => s.fake.callsOf("chat.postMessage").filter((c) => c.body.channel === userId);
  /** The number of the open request `email` just made, read from the database. */
  const openRequestOf = async (email: string) => {
    const { accessRequests, people } = s.rt.db.t;
    const rows = await s.rt.db
      .select({ id: accessRequests.id })
      .from(accessRequests)
      .innerJoin(people, eq(people.id, accessRequests.personId))
      .where(and(eq(people.email, email), eq(accessRequests.status, "open")));
    expect(rows).toHaveLength(1);
    return rows[0]!.id;
  };

  beforeEach(async () => {
    s = await serveSlack({ ADMIN_EMAILS: ADMIN });
    s.fake.addUser(ROOT, { email: ADMIN, name: "Root Admin" });
    s.fake.addUser(OLGA, { email: "olga@partner-nl.org", name: "Olga Org" });
    await seedPartner(s.rt.operator);
    await grantAccess(s.rt.operator, {
      email: "olga@partner-nl.org",
      target: { kind: "organisation", ref: "Partner NL" },
      role: "manager",
    });
    // The bot knows people in Slack once they have used it there.
    await Promise.all([ROOT, OLGA, SAM, VIC].map(async (user) => (await slash(s, user, "help")).answer()));
  });
  afterEach(() => s.stop());

  it("tells both deciders privately, takes one approval, updates the other's message and tells the requester", async () => {
    const asked = await (
      await slash(s, SAM, `request ${APP} viewer --for 30d --reason "our search integration"`)
    ).answer();
    expect(asked.text).toContain(`⏳ Asked to view ${APP} for 30 days`);
    const id = await openRequestOf(STRANGER);
    const [toRoot] = await Promise.all([
      s.fake.waitFor("chat.postMessage", (c) => c.body.channel === ROOT),
      s.fake.waitFor("chat.postMessage", (c) => c.body.channel === OLGA),
    ]);
    expect(textOf(toRoot.body.blocks)).toContain("our search integration");
    const buttons = buttonsIn(toRoot.body.blocks).map((b) => [b.text, b.value]);
    expect(buttons).toEqual([
      ["Approve", `approve ${id}`],
      ["Deny", `deny ${id}`],
    ]);

    const approved = await (await click(s, OLGA, `approve ${id}`)).answer();
    expect(approved.replace_original).toBe(true);
    expect(approved.text).toContain(`✅ ${STRANGER} may now view ${APP}`);

    const rootTs = (toRoot.response as { ts: string }).ts;
    const updated = await s.fake.waitFor("chat.update", (c) => c.body.channel === ROOT && c.body.ts === rootTs);
    expect(textOf(updated.body.blocks)).toContain("approved by olga@partner-nl.org");
    expect(buttonsIn(updated.body.blocks)).toEqual([]);
    const told = await s.fake.waitFor("chat.postMessage", (c) => c.body.channel === SAM);
    expect(textOf(told.body.blocks)).toContain(`Your request to view ${APP} was approved by olga@partner-nl.org`);

    const shown = await (await slash(s, SAM, `show ${APP}`)).answer();
    expect(shown.text).not.toContain("❌");
    expect(textOf(shown.blocks)).toContain(`${STRANGER} (until`);

    const twice = await (await click(s, ROOT, `approve ${id}`)).answer();
    expect(twice.text).toContain(`Request #${id} was already approved by olga@partner-nl.org`);
    expect(await s.rt.db.select().from(s.rt.db.t.accessGrants)).toHaveLength(4);
  });

  it("refuses a viewer's forged Approve click and a self-approval, and carries a denial's reason", async () => {
    await (await slash(s, SAM, `request ${APP} manager`)).answer();
    const sams = await openRequestOf(STRANGER);
    const forged = await (await click(s, VIC, `approve ${sams}`)).answer();
    expect(forged.text).toContain("Only administrators and credential managers of a whole organisation");
    await (await slash(s, ROOT, `request ${APP} manager`)).answer();
    const own = await (await click(s, ROOT, `approve ${await openRequestOf(ADMIN)}`)).answer();
    expect(own.text).toContain("Nobody decides their own request");
    const before = dmsTo(SAM).length;
    const denied = await (await slash(s, ROOT, `deny ${sams} --reason "not before the contract is signed"`)).answer();
    expect(denied.text).toContain(`Denied: ${STRANGER} may not manage ${APP}`);
    const told = await s.fake.waitFor("chat.postMessage", (c) => c.body.channel === SAM, before + 1);
    expect(textOf(told.body.blocks)).toContain("not before the contract is signed");
    const grants = await s.rt.db.select().from(s.rt.db.t.accessGrants);
    expect(grants.filter((g) => g.role === "manager" && g.applicationId !== null)).toHaveLength(1); // Ann only
  });

  it("announces a request in the organisation's alert channel in one line, with no buttons", async () => {
    await (await slash(s, ROOT, 'alerts here "Partner NL"')).answer();
    await (await slash(s, VIC, `request ${APP} manager --reason "private detail"`)).answer();
    const line = await s.fake.waitFor("chat.postMessage", (c) => c.body.channel === CHANNEL_ID);
    expect(line.body.text).toContain(`vic@partner-nl.org asks to manage ${APP}`);
    expect(textOf(line.body.blocks)).not.toContain("private detail");
    expect(buttonsIn(line.body.blocks)).toEqual([]);
  });

  it("says in the delete confirmation when the secret was last used", async () => {
    const secret = await createClientSecret(await s.rt.as(MANAGER), { application: APP });
    const asked = await (await slash(s, ANN, `delete ${APP} ${secret.hint}`)).answer();
    expect(asked.text).toContain("It has never been used to get a token");
  });
});
