import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedPartner } from "../../helpers/seed.js";
import { click, personalChatOf, say } from "./activities.js";
import { button, type Card, inputsOf, textOf } from "./cards.js";
import { ANN, BOT, fileKeys, serveTeams, TENANT, type TeamsSetup } from "./teams-testbed.js";

const APP = "Partner-NL-Search";

describe("creating a secret in Microsoft Teams", () => {
  const keys = fileKeys();
  let s: TeamsSetup;
  let clientId: string;
  beforeEach(async () => {
    s = await serveTeams({}, { keys });
    clientId = (await seedPartner(s.rt.operator)).app.clientId;
  });
  afterEach(() => s.stop());

  const secretCount = async () => (await s.rt.db.select().from(s.rt.db.t.clientSecrets)).length;
  const submit = (data: Record<string, unknown>) =>
    click(s, ANN, "submit", { command: "create", application: clientId, ...data });

  it("answers `create <app>` in the 1:1 chat with a form: display name, and a date with default, earliest and latest", async () => {
    const { card } = await say(s, ANN, `create ${APP}`);
    const [name, date] = inputsOf(card);
    expect(name).toMatchObject({ type: "Input.Text", id: "displayName", value: "Secret by Ann de Vries" });
    expect(date).toMatchObject({
      type: "Input.Date",
      id: "expiresOn",
      value: "2027-11-26",
      min: "2026-11-27",
      max: "2027-11-26",
    });
    expect(button(card, "Create")).toMatchObject({
      verb: "submit",
      data: { command: "create", application: clientId },
    });
    expect(await secretCount()).toBe(0);
  });

  it("shows what is wrong on the form itself, keeping what was typed, and creates nothing", async () => {
    const answer = await submit({ displayName: "  ", expiresOn: "2030-01-01" });
    expect(answer.type).toBe("application/vnd.microsoft.card.adaptive");
    const form = answer.value as Card;
    expect(textOf(form)).toContain("❌ Give the secret a display name");
    expect(textOf(form)).toContain("❌ A secret can live at most 365 days: choose 2027-11-26 or earlier.");
    expect(inputsOf(form)[1]).toMatchObject({ value: "2030-01-01" });
    expect(await secretCount()).toBe(0);
  });

  it("reveals the new secret once, on the card that replaces the form in the 1:1 chat", async () => {
    const answer = await submit({ displayName: "CI pipeline", expiresOn: "2027-03-01" });
    const reveal = answer.value as Card;
    const [row] = await s.rt.db.select().from(s.rt.db.t.clientSecrets);
    expect(row).toMatchObject({ displayName: "CI pipeline", expiresAt: new Date("2027-03-01T23:59:59Z") });
    expect(textOf(reveal)).toMatch(new RegExp(`${row!.hint}[A-Za-z0-9]{40,}`));
    expect(textOf(reveal)).toContain("Copy it now");
    expect(button(reveal, "I have stored it: hide the value")).toMatchObject({ verb: "hide" });
  });

  it("still takes a create or rotate card sent before forms were general (verb `create`), checked the same way", async () => {
    const refused = await click(s, ANN, "create", { application: clientId, displayName: "", expiresOn: "2027-03-01" });
    expect(textOf(refused.value as Card)).toContain("❌ Give the secret a display name");
    expect(await secretCount()).toBe(0);
    const created = await click(s, ANN, "create", {
      application: clientId,
      isRotation: true,
      displayName: "From an old card",
      expiresOn: "2027-03-01",
    });
    expect(textOf(created.value as Card)).toContain("Rotation of Partner-NL-Search started");
    const [row] = await s.rt.db.select().from(s.rt.db.t.clientSecrets);
    expect(row).toMatchObject({ displayName: "From an old card", expiresAt: new Date("2027-03-01T23:59:59Z") });
  });

  it("hides the value when asked, leaving a card without it; there is nothing to hide outside the 1:1 chat", async () => {
    const answer = await click(s, ANN, "hide", { application: APP });
    const hidden = answer.value as Card;
    expect(textOf(hidden)).toContain("no longer shown here");
    expect(textOf(hidden)).not.toContain("sst_");
    const elsewhere = await click(s, ANN, "hide", { application: "[click](https://evil.example)" }, "channel");
    expect(elsewhere.type).toBe("application/vnd.microsoft.activity.message");
  });

  it("creates at once with `--name` and `--expires` typed in the 1:1 chat, and reveals it there", async () => {
    const before = await secretCount();
    const { card } = await say(s, ANN, `create ${APP} --name "Nightly export" --expires 30d`);
    expect(textOf(card)).toContain("Nightly export");
    expect(textOf(card)).toMatch(/sst_[A-Za-z0-9]{40,}/);
    expect(await secretCount()).toBe(before + 1);
  });

  it.each([
    ["a channel", "channel"],
    ["a group chat", "groupChat"],
  ] as const)("in %s creates nothing, says so, and sends the form to the 1:1 chat", async (_, place) => {
    const before = await secretCount();
    const opened = s.fake.callsOf("createConversation").length;
    const { card } = await say(s, ANN, `create ${APP} --name Here --expires 30d`, place);
    expect(textOf(card)).toContain("I continue `create Partner-NL-Search` there".replace(/`/g, ""));
    expect(textOf(card)).not.toContain("sst_");
    const open = await s.fake.waitFor("createConversation", () => true, opened + 1);
    expect(open.body).toMatchObject({
      isGroup: false,
      bot: { id: BOT.id },
      members: [{ id: ANN.id }],
      tenantId: TENANT,
    });
    const form = await s.fake.waitFor(
      "send",
      (c) => c.conversationId === personalChatOf(ANN) && c.raw.includes("Input.Date"),
    );
    expect(form.raw).not.toContain("sst_");
    expect(await secretCount()).toBe(before);
  });

  it("creates nothing for a form submitted in a channel, however it was made, and points to the 1:1 chat", async () => {
    const before = await secretCount();
    const answer = await click(
      s,
      ANN,
      "submit",
      { command: "create", application: clientId, displayName: "X", expiresOn: "2027-01-01" },
      "channel",
    );
    expect(answer).toMatchObject({ type: "application/vnd.microsoft.activity.message" });
    expect(String(answer.value)).toContain("only shown in our personal chat");
    expect(await secretCount()).toBe(before);
  });

  it("says so in the channel when the 1:1 chat cannot be opened, and creates nothing", async () => {
    s.fake.script("createConversation", { status: 403, body: { error: { code: "BotNotInConversationRoster" } } });
    const { card } = await say(s, ANN, `rotate ${APP}`, "channel");
    expect(textOf(card)).toContain("couldn't open our personal chat");
  });
});
