import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SecretReveal } from "../../../src/reply.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { conversationIdOf, message, say } from "./activities.js";
import { buttonsOf, textOf } from "./cards.js";
import {
  ANN,
  CLIENT_ID,
  fileKeys,
  NOMAIL,
  postActivity,
  serveTeams,
  TENANT,
  type TeamsSetup,
  VIC,
} from "./teams-testbed.js";

const APP = "Partner-NL-Search";

describe("chat commands as messages in Microsoft Teams", () => {
  const keys = fileKeys();
  let s: TeamsSetup;
  let clientId: string;
  let secret: SecretReveal;
  beforeEach(async () => {
    s = await serveTeams({}, { keys });
    clientId = (await seedPartner(s.rt.operator)).app.clientId;
    secret = await createClientSecret(await s.rt.as(MANAGER), { application: APP });
  });
  afterEach(() => s.stop());

  it("answers `list` in the 1:1 chat with an Adaptive Card 1.5, sent with the bot's own token", async () => {
    const { posted, card } = await say(s, ANN, "list");
    expect(posted.status).toBe(200);
    expect(card.version).toBe("1.5");
    expect(textOf(card)).toContain(APP);
    const token = s.fake.callsOf("token")[0]!;
    expect(token.path).toBe(`/identity/${TENANT}/oauth2/v2.0/token`);
    expect(token.body).toMatchObject({
      grant_type: "client_credentials",
      client_id: CLIENT_ID,
      scope: "https://api.botframework.com/.default",
    });
    expect(s.fake.callsOf("send").at(-1)?.authorization).toMatch(/^Bearer bot-token-\d+$/);
  });

  it("shows a manager an application with every secret and a Delete button that runs `delete` as the clicker", async () => {
    const { card } = await say(s, ANN, `show ${APP}`);
    expect(textOf(card)).toContain(clientId);
    expect(textOf(card)).toContain(`${secret.hint}…`);
    const del = buttonsOf(card).find((b) => b.title === "Delete");
    expect(del).toEqual({
      title: "Delete",
      verb: "run",
      data: { command: `delete ${APP} ${secret.keyId}` },
      style: "destructive",
    });
  });

  it("shows a viewer the same application without any button that changes a secret", async () => {
    const { card } = await say(s, VIC, `show ${APP}`);
    expect(textOf(card)).toContain(`${secret.hint}…`);
    expect(buttonsOf(card).map((b) => String(b.data.command).split(" ")[0])).not.toContainEqual(
      expect.stringMatching(/^(delete|create|rotate)$/),
    );
  });

  it("answers `help` with only the commands the person may use", async () => {
    expect(textOf((await say(s, ANN, "help")).card)).toContain("create <app>");
    const viewer = textOf((await say(s, VIC, "help")).card);
    expect(viewer).toContain("show <app>");
    expect(viewer).not.toContain("create <app>");
  });

  it("in a channel answers only when @mentioned, in the thread, with the mention taken out", async () => {
    const thread = conversationIdOf("channel", ANN);
    const before = s.fake.callsOf("send").length;
    expect((await postActivity(s, message(s, ANN, "list", "channel", false))).status).toBe(200);
    const { card } = await say(s, ANN, "list", "channel");
    expect(textOf(card)).toContain(APP);
    expect(
      s.fake
        .callsOf("send")
        .slice(before)
        .map((c) => c.conversationId),
    ).toEqual([thread]);
  });

  it("answers in a group chat when @mentioned", async () => {
    expect(textOf((await say(s, ANN, `show ${APP}`, "groupChat")).card)).toContain(clientId);
  });

  it("knows a person by the e-mail from the member API, kept for a day in the chat identities", async () => {
    const asked = () => s.fake.callsOf("member").filter((c) => c.path.endsWith(`/members/${ANN.id}`)).length;
    await say(s, ANN, "help");
    const before = asked();
    await say(s, ANN, "list");
    expect(asked()).toBe(before);
    const row = (await s.rt.db.select().from(s.rt.db.t.chatIdentities)).find((r) => r.userId === ANN.aadObjectId);
    expect(row).toMatchObject({ platform: "teams", workspace: TENANT });
    s.rt.clock.advance(25 * 60 * 60 * 1000);
    await say(s, ANN, "list");
    expect(asked()).toBe(before + 1);
  });

  it("uses the sign-in name (UPN) when Teams has no e-mail address for the person", async () => {
    expect(textOf((await say(s, VIC, "list")).card)).toContain(APP);
  });

  it("tells a person Teams gives no e-mail or sign-in name for what to ask, and runs nothing", async () => {
    const text = textOf((await say(s, NOMAIL, "list")).card);
    expect(text).toContain("did not tell me your e-mail address");
    expect(text).not.toContain(APP);
  });

  it("answers through TEAMS_SERVICE_URL whatever service URL the activity names", async () => {
    const before = s.fake.callsOf("send").length;
    const elsewhere = { ...message(s, ANN, "list"), serviceUrl: "https://smba.trafficmanager.net/emea/" };
    expect((await postActivity(s, elsewhere)).status).toBe(200);
    await s.fake.waitFor("send", () => true, before + 1);
  });

  it("suggests the command meant when a word is mistyped", async () => {
    expect(textOf((await say(s, ANN, "lsit")).card)).toContain("Did you mean `list`?".replace(/`/g, ""));
  });
});
