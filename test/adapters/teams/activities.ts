/**
 * Bot Framework activities in the shapes Microsoft Teams sends (message, invoke `adaptiveCard/action`,
 * conversationUpdate, installationUpdate), and helpers that post them and wait for the bot's answer.
 */
import type { TeamsUserSpec } from "../../fakes/fake-bot-connector-routes.js";
import { type Card, cardOf } from "./cards.js";
import {
  BOT,
  CHANNEL_ID,
  GROUP_CHAT,
  type Posted,
  postActivity,
  TEAM_ID,
  TENANT,
  type TeamsSetup,
} from "./teams-testbed.js";

export type Place = "personal" | "channel" | "groupChat";

let sequence = 0;

export const personalChatOf = (user: TeamsUserSpec): string => `a:personal-${user.id}`;

/** The conversation id the bot answers into: a channel thread keeps its `;messageid=` suffix. */
export function conversationIdOf(place: Place, user: TeamsUserSpec): string {
  if (place === "channel") return `${CHANNEL_ID};messageid=1795700000000`;
  return place === "groupChat" ? GROUP_CHAT : personalChatOf(user);
}

function base(s: TeamsSetup, user: TeamsUserSpec | undefined, place: Place, type: string) {
  sequence += 1;
  const from = user ? { id: user.id, name: user.name, aadObjectId: user.aadObjectId } : { id: "29:someone" };
  return {
    type,
    id: `incoming-${sequence}`,
    channelId: "msteams",
    serviceUrl: s.fake.serviceUrl,
    timestamp: new Date().toISOString(),
    from,
    recipient: BOT,
    conversation: {
      id: conversationIdOf(place, user ?? ({ id: "29:someone" } as TeamsUserSpec)),
      conversationType: place,
      tenantId: TENANT,
      ...(place === "groupChat" ? { isGroup: true } : {}),
    },
    channelData: {
      tenant: { id: TENANT },
      ...(place === "channel"
        ? { team: { id: TEAM_ID, name: "Partner NL" }, channel: { id: CHANNEL_ID, name: "ops" } }
        : {}),
    },
    locale: "en-US",
  };
}

/** A message; in a channel or group chat it @mentions the bot unless told not to. */
export function message(s: TeamsSetup, user: TeamsUserSpec, text: string, place: Place = "personal", isMention = true) {
  const mention = `<at>${BOT.name}</at>`;
  const withMention = place !== "personal" && isMention;
  return {
    ...base(s, user, place, "message"),
    text: withMention ? `${mention} ${text}` : text,
    textFormat: "plain",
    entities: [
      { type: "clientInfo", locale: "en-US", platform: "Web" },
      ...(withMention ? [{ type: "mention", mentioned: BOT, text: mention }] : []),
    ],
  };
}

/** A click on an Action.Execute button (or a form submitted), with its data. */
export function invoke(s: TeamsSetup, user: TeamsUserSpec, verb: string, data: object, place: Place = "personal") {
  return {
    ...base(s, user, place, "invoke"),
    name: "adaptiveCard/action",
    replyToId: "activity-1",
    value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
  };
}

/** The bot (or someone) added to or removed from a conversation. */
export function conversationUpdate(s: TeamsSetup, place: Place, change: { added?: object[]; removed?: object[] }) {
  const activity = base(s, undefined, place, "conversationUpdate");
  const eventType = change.removed ? "teamMemberRemoved" : "teamMemberAdded";
  return {
    ...activity,
    ...(place === "channel" ? { conversation: { ...activity.conversation, id: TEAM_ID } } : {}),
    channelData: { ...activity.channelData, eventType, ...(place === "channel" ? { channel: { id: TEAM_ID } } : {}) },
    ...(change.added ? { membersAdded: change.added } : {}),
    ...(change.removed ? { membersRemoved: change.removed } : {}),
  };
}

export function installationUpdate(s: TeamsSetup, place: Place, action: "add" | "remove") {
  return { ...base(s, undefined, place, "installationUpdate"), action };
}

/** Sends a message and waits for the bot's answer in the same conversation. */
export async function say(
  s: TeamsSetup,
  user: TeamsUserSpec,
  text: string,
  place: Place = "personal",
): Promise<{ posted: Posted; card: Card }> {
  const conversationId = conversationIdOf(place, user);
  const before = s.fake.callsOf("send", conversationId).length;
  const posted = await postActivity(s, message(s, user, text, place));
  const call = await s.fake.waitFor("send", (c) => c.conversationId === conversationId, before + 1);
  return { posted, card: cardOf(call) };
}

export type InvokeAnswer = { statusCode: number; type: string; value: unknown };

/** Clicks a button: posts the invoke and returns the adaptiveCard/action response. */
export async function click(
  s: TeamsSetup,
  user: TeamsUserSpec,
  verb: string,
  data: object,
  place: Place = "personal",
): Promise<InvokeAnswer> {
  const posted = await postActivity(s, invoke(s, user, verb, data, place));
  if (posted.status !== 200) throw new Error(`invoke answered ${posted.status}: ${posted.text}`);
  return posted.body as InvokeAnswer;
}
