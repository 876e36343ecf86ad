/**
 * The request form in Slack, through signed requests as Slack sends them: `/secrets request` alone
 * opens it in a modal (the form is the core's; nothing in the Slack adapter knows `request`), bad values
 * come back beside their fields in the acknowledgement, and a good submission files the request and
 * tells the deciders.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import type { SlackCall } from "../../fakes/fake-slack-web-api.js";
import { STRANGER, seedPartner } from "../../helpers/seed.js";
import { fixture, postSigned, SAM, type SlackSetup, serveSlack } from "../../helpers/slack.js";
import { textOf } from "../../helpers/slack-blocks.js";
import { slash } from "../../helpers/slack-payloads.js";

const APP = "Partner-NL-Search";
const ADMIN = "root@registry.org";
const ROOT = "U0ROOT";
const OLGA = "U0OLGA";

type View = { callback_id?: string; private_metadata?: string; title?: { text: string }; blocks: Block[] };
type Block = { type: string; block_id?: string; optional?: boolean; element?: Record<string, unknown> };
const viewOf = (c: SlackCall) => c.body.view as View;
const isRequestForm = (c: SlackCall) =>
  viewOf(c).callback_id === "steward:form" && String(viewOf(c).private_metadata).includes('"command":"request"');

/** What Slack sends for each input when the form is submitted, by block id. */
type Entered = { target?: string; role?: string; forDays?: string; reason?: string };

/** Submits the modal `viewId` with these inputs, as Slack's view_submission does. */
function submit(s: SlackSetup, viewId: string, metadata: string, entered: Entered) {
  const text = (value: string | undefined) => ({ value: { type: "plain_text_input", value: value ?? null } });
  const payload = fixture<Record<string, unknown> & { view: Record<string, unknown> }>("view-submission");
  payload.user = { id: SAM, username: "sam", name: "sam", team_id: "T0PARTNER" };
  payload.view = {
    ...payload.view,
    id: viewId,
    root_view_id: viewId,
    private_metadata: metadata,
    state: {
      values: {
        target: text(entered.target),
        role: {
          value: {
            type: "static_select",
            selected_option: entered.role ? { text: { type: "plain_text", text: "…" }, value: entered.role } : null,
          },
        },
        for_days: text(entered.forDays),
        reason: text(entered.reason),
      },
    },
  };
  return postSigned(s.base, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);
}
const FORM = "application/x-www-form-urlencoded" as const;

describe("the request form in Slack", () => {
  let s: SlackSetup;
  const requests = () => s.rt.db.select().from(s.rt.db.t.accessRequests);

  // Each test its own server and database: none sees another's requests.
  beforeEach(async () => {
    s = await serveSlack({ ADMIN_EMAILS: ADMIN, GRANT_MAX_DAYS: "90" });
    s.fake.addUser(ROOT, { email: ADMIN, name: "Root Admin" });
    s.fake.addUser(OLGA, { email: "olga@partner-nl.org", name: "Olga Org" });
    await seedPartner(s.rt.operator);
    await grantAccess(s.rt.operator, {
      email: "olga@partner-nl.org",
      target: { kind: "organisation", ref: "Partner NL" },
      role: "manager",
    });
    // The bot knows people in Slack once they have used it there.
    for (const user of [ROOT, OLGA]) await (await slash(s, user, "help")).answer();
  });
  afterEach(() => s.stop());

  /** `/secrets request` typed by Sam; the modal's id, metadata and view once the form is in it. */
  async function openForm() {
    const before = s.fake.callsOf("views.update").filter(isRequestForm).length;
    expect((await slash(s, SAM, "request")).status).toBe(200);
    const form = await s.fake.waitFor("views.update", isRequestForm, before + 1);
    return { viewId: String(form.body.view_id), metadata: String(viewOf(form).private_metadata), view: viewOf(form) };
  }

  it("opens a modal for `/secrets request` alone, with a field per word and option of the command", async () => {
    const { view, metadata } = await openForm();
    expect(view.title?.text).toBe("Request access");
    expect(JSON.parse(metadata)).toMatchObject({ command: "request", values: {} });
    const inputs = view.blocks.filter((b) => b.type === "input");
    expect(inputs.map((b) => [b.block_id, b.element?.type, b.optional])).toEqual([
      ["target", "plain_text_input", false],
      ["role", "static_select", false],
      ["for_days", "plain_text_input", true],
      ["reason", "plain_text_input", true],
    ]);
    const options = (inputs[1]?.element?.options ?? []) as { value: string }[];
    expect(options.map((o) => o.value)).toEqual(["manager", "viewer"]);
    expect(inputs[3]?.element).toMatchObject({ multiline: true, max_length: 500 });
    expect(textOf(view.blocks)).toContain("at most 90");
  });

  it("answers a missing role, `9999d` and an over-long reason beside their fields, before anything happens", async () => {
    const { viewId, metadata } = await openForm();
    const calls = s.fake.calls.length;
    const ack = await submit(s, viewId, metadata, { target: APP, forDays: "9999d", reason: "x".repeat(501) });
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.text)).toEqual({
      response_action: "errors",
      errors: {
        role: "The role is manager or viewer.",
        for_days: '"9999d" is not a grant length. Give a number of days from 1 to 90, like --for 30d.',
        reason: "Keep the reason under 500 characters.",
      },
    });
    const blank = await submit(s, viewId, metadata, { role: "viewer" });
    expect(JSON.parse(blank.text).errors).toEqual({ target: "Say which application or organisation." });
    expect(s.fake.calls.length).toBe(calls);
    expect(await requests()).toEqual([]);
  });

  it("files a good one as Sam, says so in the same modal, and tells the deciders", async () => {
    const { viewId, metadata } = await openForm();
    // Quotes and a `--` in a value are just text: the values are never written into a line and read back.
    const reason = 'our "search" integration -- see --for 1d';
    const ack = await submit(s, viewId, metadata, { target: APP, role: "viewer", forDays: "30d", reason });
    expect(JSON.parse(ack.text)).toMatchObject({ response_action: "update", view: { type: "modal" } });
    expect(ack.text).toContain("Sending your request");
    const answer = await s.fake.waitFor(
      "views.update",
      (c) => c.body.view_id === viewId && textOf(viewOf(c).blocks).includes("Asked to"),
    );
    expect(textOf(viewOf(answer).blocks)).toContain(`⏳ Asked to view ${APP} for 30 days`);
    const [row] = await requests();
    expect(row).toMatchObject({ role: "viewer", days: 30, reason, status: "open" });
    const [toRoot] = await Promise.all([
      s.fake.waitFor("chat.postMessage", (c) => c.body.channel === ROOT),
      s.fake.waitFor("chat.postMessage", (c) => c.body.channel === OLGA),
    ]);
    expect(textOf(toRoot.body.blocks)).toContain(STRANGER);
    expect(textOf(toRoot.body.blocks)).toContain(reason);
  });
});
