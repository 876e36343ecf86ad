/** The answers of the fake Slack Web API, shaped like Slack's own (see test/fixtures/slack/users-info.json). */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const FAKE_TEAM = { id: "T0PARTNER", name: "Partner NL", botUserId: "U0STEWARD", botId: "B0STEWARD" };

export type SlackUserSpec = { email?: string; name: string; isEmailConfirmed?: boolean; isBot?: boolean };

export type FakeSlackState = {
  users: Map<string, SlackUserSpec>;
  channels: Map<string, { name: string; isPrivate?: boolean; isMember: boolean }>;
  views: Map<string, Record<string, unknown>>;
  /** Where apps.connections.open sends a Socket Mode client. */
  socketUrl?: string;
};

const usersInfo = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "fixtures", "slack", "users-info.json"), "utf8"),
) as { user: Record<string, unknown> & { profile: Record<string, unknown> } };

const id = (prefix: string) => `${prefix}${randomBytes(5).toString("hex").toUpperCase()}`;

function userInfo(state: FakeSlackState, userId: string) {
  const spec = state.users.get(userId);
  if (!spec) return { ok: false, error: "user_not_found" };
  const { email: _email, ...profile } = usersInfo.user.profile;
  return {
    ok: true,
    user: {
      ...usersInfo.user,
      id: userId,
      name: spec.name.toLowerCase().split(" ")[0],
      real_name: spec.name,
      is_bot: spec.isBot ?? false,
      is_email_confirmed: spec.isEmailConfirmed ?? true,
      profile: {
        ...profile,
        real_name: spec.name,
        display_name: spec.name,
        ...(spec.email ? { email: spec.email } : {}),
      },
    },
  };
}

function storeView(state: FakeSlackState, viewId: string, view: unknown, type = "modal") {
  const stored = {
    ...(view as Record<string, unknown>),
    id: viewId,
    team_id: FAKE_TEAM.id,
    type,
    state: { values: {} },
    hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString("hex")}`,
    app_id: "A0STEWARD",
    bot_id: FAKE_TEAM.botId,
  };
  state.views.set(viewId, stored);
  return { ok: true, view: stored };
}

/** One Web API method's answer for this request body. */
export function answerMethod(state: FakeSlackState, method: string, body: Record<string, unknown>): unknown {
  switch (method) {
    case "auth.test":
      return {
        ok: true,
        url: "https://partner-nl.slack.com/",
        team: FAKE_TEAM.name,
        user: "secret_steward",
        team_id: FAKE_TEAM.id,
        user_id: FAKE_TEAM.botUserId,
        bot_id: FAKE_TEAM.botId,
        is_enterprise_install: false,
      };
    case "apps.connections.open":
      return state.socketUrl ? { ok: true, url: state.socketUrl } : { ok: false, error: "not_allowed_token_type" };
    case "users.info":
      return userInfo(state, String(body.user));
    case "views.open":
      return storeView(state, id("V"), body.view);
    case "views.update": {
      const viewId = String(body.view_id);
      return state.views.has(viewId) ? storeView(state, viewId, body.view) : { ok: false, error: "not_found" };
    }
    case "views.publish":
      return storeView(state, `VHOME${String(body.user_id)}`, body.view, "home");
    case "chat.postMessage": {
      const ts = `${(Date.now() / 1000).toFixed(6)}`;
      return {
        ok: true,
        channel: body.channel,
        ts,
        message: { type: "message", text: body.text, user: FAKE_TEAM.botUserId, ts },
      };
    }
    case "chat.update":
      return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
    case "chat.postEphemeral":
      return { ok: true, message_ts: `${(Date.now() / 1000).toFixed(6)}` };
    case "conversations.info": {
      const channel = state.channels.get(String(body.channel));
      if (!channel || (channel.isPrivate && !channel.isMember)) return { ok: false, error: "channel_not_found" };
      return {
        ok: true,
        channel: {
          id: body.channel,
          name: channel.name,
          is_channel: !channel.isPrivate,
          is_group: false,
          is_private: channel.isPrivate ?? false,
          is_archived: false,
          is_member: channel.isMember,
        },
      };
    }
    default:
      return { ok: false, error: "unknown_method" };
  }
}
