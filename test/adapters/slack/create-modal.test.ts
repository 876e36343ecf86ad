import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SlackCall } from "../../fakes/fake-slack-web-api.js";
import { seedPartner } from "../../helpers/seed.js";
import { ANN, type SlackSetup, serveSlack } from "../../helpers/slack.js";
import { buttonsIn, revealedValue, textOf } from "../../helpers/slack-blocks.js";
import { click, slash, submitForm } from "../../helpers/slack-payloads.js";

type View = { callback_id?: string; private_metadata?: string; blocks: unknown[] };
const viewOf = (c: SlackCall) => c.body.view as View;
const isForm = (c: SlackCall) => viewOf(c).callback_id === "steward:form";
const isReveal = (c: SlackCall) => viewOf(c).callback_id === "steward:reveal";

/** Opens the form with the Create button and returns the modal's id and its private_metadata. */
async function openForm(s: SlackSetup, command = "create Partner-NL-Search") {
  const before = s.fake.callsOf("views.update").filter(isForm).length;
  await click(s, ANN, command);
  const form = await s.fake.waitFor("views.update", isForm, before + 1);
  return { viewId: String(form.body.view_id), metadata: String(viewOf(form).private_metadata), view: viewOf(form) };
}

describe("creating a secret through the Slack modal", () => {
  let s: SlackSetup;
  let clientId: string;
  beforeEach(async () => {
    s = await serveSlack();
    clientId = (await seedPartner(s.rt.operator)).app.clientId;
  });
  afterEach(() => s.stop());

  it("opens a form with the suggested display name and the longest expiry as the default date", async () => {
    const { view, metadata } = await openForm(s);
    const inputs = JSON.stringify(view.blocks);
    expect(inputs).toContain('"initial_value":"Secret by Ann de Vries"');
    expect(inputs).toContain('"initial_date":"2027-11-26"');
    expect(inputs).toContain(
      "At the latest 2027-11-26. The secret works through the end of the date you choose (UTC); API clients stop after it.",
    );
    expect(JSON.parse(metadata)).toMatchObject({ command: "create", values: { application: clientId } });
    expect(s.fake.callsOf("views.open").length).toBeGreaterThan(0);
  });

  it("reveals the new value only in the modal's views.update, nowhere else and in no log line", async () => {
    const { viewId, metadata } = await openForm(s);
    const ack = await submitForm(s, ANN, { viewId, metadata, displayName: "CI pipeline", expiresOn: "2027-06-30" });
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.text)).toMatchObject({ response_action: "update", view: { type: "modal" } });
    expect(ack.text).toContain("Creating the client secret for Partner-NL-Search");
    const reveal = await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId && isReveal(c));
    const value = revealedValue(reveal.body.view)!;
    expect(value).toMatch(/^sst_[A-Za-z0-9]{49}$/);
    const text = textOf(viewOf(reveal).blocks);
    expect(text).toContain("only time it is shown");
    expect(text).toContain("Update your systems to use the new secret");
    expect(buttonsIn(viewOf(reveal).blocks)).toEqual([]);
    await s.fake.waitFor("views.publish", (c) => c.body.user_id === ANN);

    const elsewhere = s.fake.calls.filter((c) => c !== reveal);
    for (const call of elsewhere) expect(JSON.stringify([call.body, call.response])).not.toContain(value);
    expect(s.rt.logLines.join("")).not.toContain(value);
    const [row] = await s.rt.db
      .select()
      .from(s.rt.db.t.clientSecrets)
      .where(eq(s.rt.db.t.clientSecrets.displayName, "CI pipeline"));
    expect(row?.expiresAt.toISOString()).toBe("2027-06-30T23:59:59.000Z");
  });

  it.each([
    ["an empty display name", "   ", "2027-06-30", "display_name", "Give the secret a display name"],
    ["a display name over 100 characters", "x".repeat(101), "2027-06-30", "display_name", "at most 100 characters"],
    ["a date in the past", "Valid", "2026-11-01", "expires_on", "must be in the future"],
    ["a date after the maximum", "Valid", "2027-11-27", "expires_on", "choose 2027-11-26 or earlier"],
    ["no date", "Valid", null, "expires_on", "Choose an expiry date"],
  ])("answers %s with an inline error beside the field and creates nothing", async (_, name, date, field, says) => {
    const { viewId, metadata } = await openForm(s);
    const secrets = (await s.rt.db.select().from(s.rt.db.t.clientSecrets)).length;
    const calls = s.fake.calls.length;
    const ack = await submitForm(s, ANN, { viewId, metadata, displayName: name, expiresOn: date });
    const body = JSON.parse(ack.text) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(body.errors[field]).toContain(says);
    // A later request from Ann, answered: had the refused submission gone on, it would have left its trace by now.
    await (await slash(s, ANN, "help")).answer();
    expect(s.fake.calls.slice(calls).map((c) => c.method)).toEqual(["response_url"]);
    expect(await s.rt.db.select().from(s.rt.db.t.clientSecrets)).toHaveLength(secrets);
  });

  it("opens a modal saying Creating… at once for a typed `create` with flags, then reveals the value there", async () => {
    const sent = await slash(s, ANN, 'create Partner-NL-Search --name "Nightly job" --expires 30d');
    expect(sent.status).toBe(200);
    const opened = await s.fake.waitFor("views.open", (c) => textOf(viewOf(c).blocks).includes("Creating"));
    const viewId = (opened.response as { view: { id: string } }).view.id;
    const reveal = await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId && isReveal(c));
    expect(textOf(viewOf(reveal).blocks)).toContain("Nightly job");
    expect(revealedValue(reveal.body.view)).toMatch(/^sst_/);
    expect(s.fake.callsOf("response_url").filter((c) => JSON.stringify(c.body).includes("Nightly job"))).toEqual([]);
  });

  it("answers a create modal left open from before forms were general: out of date, on the form, nothing created", async () => {
    const metadata = JSON.stringify({ application: clientId, name: "Partner-NL-Search", isRotation: false });
    const ack = await submitForm(s, ANN, {
      viewId: "V0EARLIER",
      metadata,
      displayName: "Old modal",
      expiresOn: "2027-06-30",
      callbackId: "steward:create-secret",
    });
    expect(JSON.parse(ack.text)).toEqual({
      response_action: "errors",
      errors: { display_name: "This form is out of date: close it and run the command again." },
    });
    expect(await s.rt.db.select().from(s.rt.db.t.clientSecrets)).toEqual([]);
  });

  it("deletes the secret again, and says so in a direct message, when the reveal cannot be shown", async () => {
    const { viewId, metadata } = await openForm(s);
    s.fake.state.views.delete(viewId); // the person closed the modal before the reveal arrived
    await submitForm(s, ANN, { viewId, metadata, displayName: "Never seen", expiresOn: "2027-06-30" });
    const notice = await s.fake.waitFor("chat.postMessage", (c) => c.body.channel === ANN);
    expect(String(notice.body.text)).toContain("deleted it again");
    const [row] = await s.rt.db
      .select()
      .from(s.rt.db.t.clientSecrets)
      .where(eq(s.rt.db.t.clientSecrets.displayName, "Never seen"));
    expect(row).toBeUndefined();
  });

  it("no value revealed in this session reaches any other Web API call, any response_url or any log line", async () => {
    // The session: two secrets through the form and one typed with flags, each revealed and followed by a
    // refreshed Home tab; then one whose modal was closed before its reveal (deleted again, told in a DM).
    for (const name of ["Form one", "Form two"]) {
      const { viewId, metadata } = await openForm(s);
      await submitForm(s, ANN, { viewId, metadata, displayName: name, expiresOn: "2027-06-30" });
      await s.fake.waitFor("views.update", (c) => c.body.view_id === viewId && isReveal(c));
    }
    await slash(s, ANN, 'create Partner-NL-Search --name "Typed one" --expires 30d');
    await s.fake.waitFor("views.update", (c) => isReveal(c) && textOf(viewOf(c).blocks).includes("Typed one"));
    await s.fake.waitFor("views.publish", (c) => c.body.user_id === ANN, 3);
    const { viewId, metadata } = await openForm(s);
    s.fake.state.views.delete(viewId);
    await submitForm(s, ANN, { viewId, metadata, displayName: "Never seen", expiresOn: "2027-06-30" });
    await s.fake.waitFor("chat.postMessage", (c) => c.body.channel === ANN);
    const reveals = s.fake.callsOf("views.update").filter(isReveal);
    const values = reveals.map((c) => revealedValue(c.body.view)!);
    expect(values.length).toBeGreaterThanOrEqual(3);
    const elsewhere = s.fake.calls.filter((c) => !reveals.includes(c));
    const sent = JSON.stringify(elsewhere.map((c) => [c.body, c.response]));
    const logs = s.rt.logLines.join("");
    for (const value of values) {
      expect(sent).not.toContain(value);
      expect(logs).not.toContain(value);
    }
  });
});
