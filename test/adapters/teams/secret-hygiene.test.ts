import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedPartner } from "../../helpers/seed.js";
import { click, message, personalChatOf, say } from "./activities.js";
import { type Card, textOf } from "./cards.js";
import { ANN, BOT_PASSWORD, fileKeys, postActivity, serveTeams, type TeamsSetup } from "./teams-testbed.js";

const APP = "Partner-NL-Search";
const VALUE = /sst_[A-Za-z0-9]{49}/g;

describe("secret values in Microsoft Teams", () => {
  const keys = fileKeys();
  let s: TeamsSetup;
  let clientId: string;
  let invokeAnswers: string[];
  beforeEach(async () => {
    s = await serveTeams({}, { keys });
    clientId = (await seedPartner(s.rt.operator)).app.clientId;
    invokeAnswers = [];
  });
  afterEach(() => s.stop());

  const submit = async (data: object, place: "personal" | "channel" = "personal") => {
    const form = { command: "create", application: clientId, expiresOn: "2027-05-01", ...data };
    const answer = await click(s, ANN, "submit", form, place);
    invokeAnswers.push(JSON.stringify(answer));
    return answer;
  };

  it("are each shown once, only in the creator's 1:1 chat, and reach no log line, audit entry or database page", async () => {
    const values: string[] = [];
    values.push(...textOf((await submit({ displayName: "Form" })).value as Card).match(VALUE)!);
    values.push(...textOf((await submit({ displayName: "Rotated", command: "rotate" })).value as Card).match(VALUE)!);
    values.push(...textOf((await say(s, ANN, `create ${APP} --name Typed --expires 60d`)).card).match(VALUE)!);
    await submit({ displayName: "Channel" }, "channel");
    await say(s, ANN, `create ${APP} --name Channel --expires 60d`, "channel");
    await say(s, ANN, `rotate ${APP}`, "groupChat");
    expect(values).toHaveLength(3);
    expect(await s.rt.db.select().from(s.rt.db.t.clientSecrets)).toHaveLength(3);

    const outbound = [
      ...s.fake.calls.map((c) => ({ where: c.conversationId, raw: c.raw })),
      ...invokeAnswers.map((raw) => ({ where: "invoke", raw })),
    ];
    for (const value of values) {
      const carriers = outbound.filter((o) => o.raw.includes(value));
      expect(carriers).toHaveLength(1);
      expect([personalChatOf(ANN), "invoke"]).toContain(carriers[0]!.where);
    }
    const logs = s.rt.logLines.join("");
    const audit = JSON.stringify(await s.rt.db.select().from(s.rt.db.t.auditEntries));
    const bytes = await s.rt.database.bytes();
    expect(logs.length).toBeGreaterThan(0);
    for (const value of values) {
      const body = value.slice(4);
      expect(logs).not.toContain(body);
      expect(audit).not.toContain(body);
      expect(bytes.includes(Buffer.from(body.slice(0, 20)))).toBe(false);
    }
  });

  it("never writes the bot's own client secret to the log, and sends it only to the identity platform", async () => {
    // The bot answers in the 1:1 chat and opens it from a channel: it needs its token for both.
    await say(s, ANN, `create ${APP} --name Typed --expires 60d`);
    await say(s, ANN, `create ${APP} --name Channel --expires 60d`, "channel");
    await s.fake.waitFor("send", (c) => c.conversationId === personalChatOf(ANN) && c.raw.includes("Input.Date"));
    expect(s.rt.logLines.join("")).not.toContain(BOT_PASSWORD);
    const carriers = s.fake.calls.filter(
      (c) => c.raw.includes(BOT_PASSWORD) || c.authorization?.includes(BOT_PASSWORD),
    );
    expect(new Set(carriers.map((c) => c.kind))).toEqual(new Set(["token"]));
  });

  it("takes a secret back when Teams refuses the message that reveals it, and logs no value", async () => {
    const before = (await s.rt.db.select().from(s.rt.db.t.clientSecrets)).length;
    s.fake.script("send", { status: 500, body: { error: { code: "ServiceError" } } });
    const sent = s.fake.callsOf("send", personalChatOf(ANN)).length;
    await postActivity(s, message(s, ANN, `create ${APP} --name Lost --expires 30d`));
    const refused = await s.fake.waitFor("send", (c) => c.conversationId === personalChatOf(ANN), sent + 1);
    const value = refused.raw.match(VALUE)![0];
    await expect.poll(() => s.rt.logLines.join("")).toContain("a new secret could not be shown, so it was withdrawn");
    const audit = await s.rt.db.select().from(s.rt.db.t.auditEntries);
    expect(audit.filter((e) => e.action === "secret.withdrawn")).toHaveLength(1);
    expect(audit.filter((e) => e.action === "secret.deleted")).toHaveLength(0);
    expect(await s.rt.db.select().from(s.rt.db.t.clientSecrets)).toHaveLength(before);
    expect(s.rt.logLines.join("")).not.toContain(value.slice(4));
    expect(s.rt.logLines.join("")).toContain("a Teams activity failed");
  });
});
