import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reminderParts } from "../../../adapters/root/reminders.js";
import { TeamsAlertNotifier, teamsAlertNotifier } from "../../../adapters/teams/alert-notifier.js";
import type { ChannelAddress } from "../../../src/ports/chat-notifier.js";
import { DeliveryError } from "../../../src/ports/mailer.js";
import type { Reply } from "../../../src/reply.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { seedPartner } from "../../helpers/seed.js";
import { conversationUpdate, installationUpdate, personalChatOf, say } from "./activities.js";
import { buttonsOf, cardOf, textOf } from "./cards.js";
import {
  ANN,
  BOT,
  CHANNEL_ID,
  fileKeys,
  postActivity,
  serveTeams,
  TEAM_ID,
  TENANT,
  type TeamsSetup,
  VIC,
} from "./teams-testbed.js";

const OLGA = { id: "29:olga", aadObjectId: "aad-olga", name: "Olga", email: "olga@partner-nl.org" };

const alert: Reply = {
  tone: "warning",
  title: "⚠️ A secret of Partner-NL-Search expires in 7 days",
  blocks: [
    { type: "text", text: "Secret `sst_AbC…` (CI) expires on 2026-12-03." },
    { type: "actions", actions: [{ label: "Rotate", command: "rotate Partner-NL-Search", style: "primary" }] },
  ],
  isPrivate: false,
};

describe("Teams channels: installation, `alerts here` and proactive alerts", () => {
  const keys = fileKeys();
  let s: TeamsSetup;
  let notifier: TeamsAlertNotifier;
  beforeEach(async () => {
    s = await serveTeams({}, { keys });
    s.fake.addUser(OLGA);
    await seedPartner(s.rt.operator);
    await grantAccess(s.rt.operator, {
      email: OLGA.email,
      target: { kind: "organisation", ref: "Partner NL" },
      role: "manager",
    });
    notifier = teamsAlertNotifier(s.rt, { authorityUrl: s.fake.authorityUrl });
  });
  afterEach(() => s.stop());

  const conversations = () => s.rt.db.select().from(s.rt.db.t.teamsConversations);
  const channel = async (): Promise<ChannelAddress> => {
    const [row] = await s.rt.db.select().from(s.rt.db.t.alertChannels);
    if (!row) throw new Error("no alert channel recorded");
    return {
      platform: "teams",
      workspace: row.workspace,
      channelId: row.channelId,
      conversationRef: row.conversationRef,
    };
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as DeliveryError,
    );

  /** The bot added to the team, and its welcome there. */
  const addToTeam = async () => {
    await postActivity(s, conversationUpdate(s, "channel", { added: [BOT] }));
    return s.fake.waitFor("send", (c) => c.conversationId === TEAM_ID);
  };
  /** Ann adds the bot to her personal scope, and is welcomed. */
  const addToAnnsChat = async () => {
    const update = conversationUpdate(s, "personal", { added: [BOT] });
    await postActivity(s, { ...update, conversation: { ...update.conversation, id: personalChatOf(ANN) } });
    return s.fake.waitFor("send", (c) => c.conversationId === personalChatOf(ANN));
  };
  /** Olga routes Partner NL's alerts to the ops channel, which stores the channel's conversation too. */
  const alertsHere = async () => {
    await say(s, OLGA, 'alerts here "Partner NL"', "channel");
    await channel();
  };

  it("stores the conversation when the bot is added to a team, and welcomes the team there", async () => {
    expect((await postActivity(s, conversationUpdate(s, "channel", { added: [BOT] }))).status).toBe(200);
    const welcome = await s.fake.waitFor("send", (c) => c.conversationId === TEAM_ID);
    expect(textOf(cardOf(welcome))).toContain("Mention me with a command");
    expect(await conversations()).toEqual([
      expect.objectContaining({
        tenantId: TENANT,
        conversationId: TEAM_ID,
        kind: "channel",
        teamId: TEAM_ID,
        isInstalled: true,
      }),
    ]);
  });

  it("welcomes a person who adds the bot to their personal scope", async () => {
    const update = conversationUpdate(s, "personal", { added: [BOT] });
    await postActivity(s, { ...update, conversation: { ...update.conversation, id: personalChatOf(ANN) } });
    const welcome = await s.fake.waitFor("send", (c) => c.conversationId === personalChatOf(ANN));
    expect(textOf(cardOf(welcome))).toContain("Type help for the commands you can use");
  });

  it("routes an organisation's alerts to the channel where a manager of the whole organisation types `alerts here`", async () => {
    const { card } = await say(s, OLGA, 'alerts here "Partner NL"', "channel");
    expect(textOf(card)).toContain("✅ This channel now gets the expiry alerts of Partner NL");
    const [row] = await s.rt.db.select().from(s.rt.db.t.alertChannels);
    expect(row).toMatchObject({ platform: "teams", workspace: TENANT, channelId: CHANNEL_ID });
    expect(row?.conversationRef).toMatchObject({
      serviceUrl: s.fake.serviceUrl,
      conversationId: CHANNEL_ID,
      kind: "channel",
    });
    expect((await conversations()).map((c) => c.conversationId)).toContain(CHANNEL_ID);
  });

  it("says `alerts here` needs a channel when typed in the 1:1 chat", async () => {
    expect(textOf((await say(s, OLGA, 'alerts here "Partner NL"')).card)).toContain(
      "works in a Slack or Teams channel",
    );
  });

  it("refuses people who do not manage the whole organisation", async () => {
    await alertsHere();
    for (const user of [ANN, VIC]) {
      const { card } = await say(s, user, 'alerts off "Partner NL"', "channel");
      expect(textOf(card)).toContain("Only administrators and credential managers of all of Partner NL");
    }
    expect(await s.rt.db.select().from(s.rt.db.t.alertChannels)).toHaveLength(1);
  });

  it("posts an alert into the channel proactively, as a card with working buttons, with the bot's token", async () => {
    await alertsHere();
    const before = s.fake.callsOf("send", CHANNEL_ID).length;
    await notifier.post(await channel(), alert);
    const posted = s.fake.callsOf("send", CHANNEL_ID)[before]!;
    expect(posted.authorization).toMatch(/^Bearer bot-token-/);
    expect(textOf(cardOf(posted))).toContain("expires in 7 days");
    expect(buttonsOf(cardOf(posted))).toEqual([
      { title: "Rotate", verb: "run", data: { command: "rotate Partner-NL-Search" }, style: "positive" },
    ]);
  });

  it("shares one Bot Connector client, so one bot token, with the runtime's messages to people", async () => {
    await alertsHere();
    const tokens = () => s.fake.callsOf("token").length;
    const before = tokens();
    const teams = s.rt.outgoing.notifiers.get("teams");
    await teams?.post(await channel(), alert);
    const handle = { serviceUrl: s.fake.serviceUrl, conversationId: CHANNEL_ID, activityId: "1" };
    await s.rt.outgoing.update({ platform: "teams", handle }, alert);
    expect(s.fake.callsOf("update", CHANNEL_ID).at(-1)?.authorization).toMatch(/^Bearer bot-token-/);
    expect(tokens() - before).toBe(1);
  });

  it("hands a rate limit or an outage back as transient, with Teams' Retry-After", async () => {
    await alertsHere();
    s.fake.script("send", { status: 429, headers: { "retry-after": "7" } });
    expect(await failure(notifier.post(await channel(), alert))).toMatchObject({
      isTransient: true,
      retryAfterSeconds: 7,
    });
    s.fake.script("send", { status: 503 });
    expect(await failure(notifier.post(await channel(), alert))).toMatchObject({ isTransient: true });
  });

  it("reads a Retry-After given as an HTTP-date as the seconds until then", async () => {
    await alertsHere();
    const at = new Date(s.rt.clock.now().getTime() + 90_000).toUTCString();
    s.fake.script("send", { status: 429, headers: { "retry-after": at } });
    expect(await failure(notifier.post(await channel(), alert))).toMatchObject({
      isTransient: true,
      retryAfterSeconds: 90,
    });
  });

  it("says when the identity platform refuses the bot's credentials, and leaves the alert to be retried", async () => {
    await alertsHere();
    s.fake.script("token", { status: 401, body: { error: "invalid_client", error_description: "AADSTS7000215" } });
    const fresh = teamsAlertNotifier(s.rt, { authorityUrl: s.fake.authorityUrl });
    const error = await failure(fresh.post(await channel(), alert));
    expect(error).toMatchObject({ isTransient: true });
    expect(error?.message).toContain("refused the bot's token request (401 invalid_client)");
  });

  it("fails for good once the bot was removed from the team, without calling Teams", async () => {
    await addToTeam();
    await addToAnnsChat();
    await alertsHere();
    await postActivity(s, conversationUpdate(s, "channel", { removed: [BOT] }));
    const teamConversations = async () => (await conversations()).filter((c) => c.teamId === TEAM_ID);
    await expect.poll(async () => (await teamConversations()).map((c) => c.isInstalled)).toEqual([false, false]);
    expect((await conversations()).find((c) => c.conversationId === personalChatOf(ANN))?.isInstalled).toBe(true);
    const before = s.fake.callsOf("send", CHANNEL_ID).length;
    const error = await failure(notifier.post(await channel(), alert));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ isTransient: false });
    expect(s.fake.callsOf("send", CHANNEL_ID)).toHaveLength(before);
  });

  it("stores the conversation again when the app is installed again, and fails for good when Teams refuses it (403)", async () => {
    await alertsHere();
    await postActivity(s, conversationUpdate(s, "channel", { removed: [BOT] }));
    await expect
      .poll(async () => (await conversations()).find((c) => c.conversationId === CHANNEL_ID)?.isInstalled)
      .toBe(false);
    await postActivity(s, installationUpdate(s, "channel", "add"));
    await expect
      .poll(async () => (await conversations()).find((c) => c.conversationId === CHANNEL_ID)?.isInstalled)
      .toBe(true);
    s.fake.script("send", { status: 403, body: { error: { code: "BotNotInConversationRoster" } } });
    expect(await failure(notifier.post(await channel(), alert))).toMatchObject({ isTransient: false });
    expect((await conversations()).find((c) => c.conversationId === CHANNEL_ID)?.isInstalled).toBe(false);
  });

  it("is one of the reminder pass's notifiers when Teams is configured", async () => {
    const parts = reminderParts(s.rt);
    expect(parts.deps.notifiers.get("teams")).toBeInstanceOf(TeamsAlertNotifier);
  });
});
