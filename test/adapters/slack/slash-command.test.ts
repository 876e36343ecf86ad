import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDENTITY_REFRESH_MS } from "../../../src/chat-identity.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { ANN, NOMAIL, SAM, type SlackSetup, serveSlack, VIC } from "../../helpers/slack.js";
import { buttonsIn, mrkdwnOf, textOf } from "../../helpers/slack-blocks.js";
import { click, slash } from "../../helpers/slack-payloads.js";

describe("the /secrets slash command", () => {
  let s: SlackSetup;
  beforeAll(async () => {
    s = await serveSlack();
    await seedPartner(s.rt.operator);
  });
  afterAll(() => s.stop());

  it("acknowledges with an empty 200 and answers `list` privately, with a Show button per application", async () => {
    const sent = await slash(s, ANN, "list");
    expect([sent.status, sent.text]).toEqual([200, ""]);
    const answer = await sent.answer();
    expect(answer.response_type).toBe("ephemeral");
    expect(textOf(answer.blocks)).toContain("Partner-NL-Search");
    expect(buttonsIn(answer.blocks)).toEqual(
      expect.arrayContaining([expect.objectContaining({ text: "Show", value: "show Partner-NL-Search" })]),
    );
  });

  it("shows an application's clientId, APIs and secrets with Delete buttons that carry a confirm dialog", async () => {
    await slash(s, ANN, "create Partner-NL-Search --name Existing --expires 90d");
    await s.fake.waitFor("views.update", (c) => textOf(c.body.view).includes("New client secret for"));
    const answer = await (await slash(s, ANN, "show Partner-NL-Search")).answer();
    const text = textOf(answer.blocks);
    expect(text).toContain("clientId");
    expect(text).toContain("search, matching");
    expect(text).toContain("Existing");
    const buttons = buttonsIn(answer.blocks);
    const remove = buttons.find((b) => b.text === "Delete");
    expect(remove?.value).toMatch(/^delete Partner-NL-Search \S+$/);
    expect(remove?.style).toBe("danger");
    expect(remove?.confirm).toMatchObject({ title: { text: "Delete this secret?" }, style: "danger" });
    expect(buttons.map((b) => b.value)).toEqual(
      expect.arrayContaining(["create Partner-NL-Search", "rotate Partner-NL-Search"]),
    );
    expect(new Set(buttons.map((b) => b.actionId)).size).toBe(buttons.length);
  });

  it("escapes a display name so it cannot mention @channel or forge a link in Slack", async () => {
    await createClientSecret(await s.rt.as(MANAGER), {
      application: "Partner-NL-Search",
      displayName: "<!channel> <http://x|y> & co",
    });
    const answer = await (await slash(s, ANN, "show Partner-NL-Search")).answer();
    // Plain-text fields (the confirm dialog) are shown verbatim by Slack; only mrkdwn is parsed.
    const text = mrkdwnOf(answer.blocks);
    expect(text).toContain("&lt;!channel&gt; &lt;http://x|y&gt; &amp; co");
    expect(text).not.toContain("<!channel>");
    expect(answer.text).not.toContain("<!channel>");
  });

  it("gives a viewer the application without any Delete, Create or Rotate button", async () => {
    const answer = await (await slash(s, VIC, "show Partner-NL-Search")).answer();
    expect(textOf(answer.blocks)).toContain("viewer");
    expect(buttonsIn(answer.blocks).map((b) => b.text)).not.toEqual(expect.arrayContaining(["Delete"]));
    expect(buttonsIn(answer.blocks)).toEqual([]);
  });

  it("answers `help` privately with the person's commands, and tells a stranger whom to ask", async () => {
    const empty = await (await slash(s, ANN, "")).answer();
    expect(empty.response_type).toBe("ephemeral");
    // Slack mrkdwn needs < and > escaped; Slack shows them as `create <app>`.
    expect(textOf(empty.blocks)).toContain("`create &lt;app&gt;");
    const stranger = textOf((await (await slash(s, SAM, "help")).answer()).blocks);
    expect(stranger).not.toContain("`create");
    expect(stranger).toContain("You have no access to any application yet");
  });

  it("shares a list in the channel only when asked, without buttons, naming who shared it", async () => {
    const mine = await (await slash(s, ANN, "list")).answer();
    const share = buttonsIn(mine.blocks).find((b) => b.text === "Share in channel");
    expect(share?.value).toBe("list");
    const shared = await (await click(s, ANN, "list", { in: "message" }, share!.actionId)).answer();
    expect(shared.response_type).toBe("in_channel");
    expect(shared.replace_original).toBe(false);
    expect(buttonsIn(shared.blocks)).toEqual([]);
    expect(textOf(shared.blocks)).toContain(`Shared by <@${ANN}>`);
    const typed = await (await slash(s, ANN, "expiring 400 --share")).answer();
    expect(typed.response_type).toBe("in_channel");
  });

  it("never shares an error in the channel", async () => {
    const answer = await (await slash(s, SAM, "expiring nonsense --share")).answer();
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toMatch(/^❌/);
  });

  it("tells a Slack user whose e-mail it cannot see what to ask their Slack admin", async () => {
    const answer = await (await slash(s, NOMAIL, "list")).answer();
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toContain("I can't see your e-mail address in Slack");
    expect(answer.text).toContain("users:read.email");
  });

  it("tells a Slack user whose e-mail address is not confirmed to confirm it first", async () => {
    s.fake.addUser("U0UNCONFIRMED", { email: "una@partner-nl.org", name: "Una", isEmailConfirmed: false });
    const answer = await (await slash(s, "U0UNCONFIRMED", "list")).answer();
    expect(answer.text).toContain("Your e-mail address in Slack is not confirmed yet");
  });

  it("answers a mistyped command with a short private hint, never a stack trace", async () => {
    const answer = await (await slash(s, ANN, "delte Partner-NL-Search x")).answer();
    expect(answer.response_type).toBe("ephemeral");
    expect(answer.text).toBe(
      "❌ I don't know the command delte. Did you mean delete? Type help for the commands you can use.",
    );
  });

  it("logs a response_url that refuses the answer by its error code, never the answer, and goes on answering", async () => {
    s.fake.script("response_url", { status: 404, body: { ok: false, error: "expired_url" } });
    const sent = await slash(s, ANN, "list");
    expect(sent.status).toBe(200);
    const refused = await sent.answer();
    expect(textOf(refused.blocks)).toContain("Partner-NL-Search");
    const line = JSON.parse(await s.rt.logged("could not answer through the response_url"));
    expect(line).toMatchObject({ level: 40, slackError: "slack_bolt_respond_error" });
    expect(JSON.stringify(line)).not.toContain("Partner-NL-Search");
    // The next command is answered as usual, over the same kept-alive connection or a new one.
    expect(textOf((await (await slash(s, ANN, "list")).answer()).blocks)).toContain("Partner-NL-Search");
  });

  it("acknowledges before any Web API or database work: the 200 arrives while users.info is still held", async () => {
    let release = () => {};
    s.fake.script("users.info", { holdUntil: new Promise<void>((resolve) => (release = resolve)) });
    const newcomer = "U0NEWCOMER";
    s.fake.addUser(newcomer, { email: "nina@partner-nl.org", name: "Nina" });
    const sent = await slash(s, newcomer, "list");
    expect(sent.status).toBe(200);
    await s.fake.waitFor("users.info", (c) => c.body.user === newcomer);
    const rows = await s.rt.db.select().from(s.rt.db.t.chatIdentities);
    expect(rows.some((r) => r.userId === newcomer)).toBe(false);
    release();
    expect((await sent.answer()).text).toContain("You have no applications yet");
  });

  it("asks Slack for a person's e-mail once, then again only after a day", async () => {
    const asked = () => s.fake.callsOf("users.info").filter((c) => c.body.user === VIC).length;
    await (await slash(s, VIC, "list")).answer();
    const before = asked();
    await (await slash(s, VIC, "list")).answer();
    expect(asked()).toBe(before);
    s.rt.clock.advance(IDENTITY_REFRESH_MS + 60_000);
    await (await slash(s, VIC, "list")).answer();
    expect(asked()).toBe(before + 1);
  });

  it("waits as long as Slack's Retry-After asks when a Web API call is rate limited, then succeeds", async () => {
    const user = "U0PATIENT";
    s.fake.addUser(user, { email: "pat@partner-nl.org", name: "Pat" });
    s.fake.script("users.info", {
      status: 429,
      headers: { "retry-after": "1" },
      body: { ok: false, error: "ratelimited" },
    });
    const answer = await (await slash(s, user, "list")).answer();
    expect(answer.text).toContain("You have no applications yet");
    const [limited, retried] = s.fake.callsOf("users.info").filter((c) => c.body.user === user);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1_000);
  });
});
