/**
 * The bot's places in chat: who a chat user is, the channels that get alerts, the Teams conversations
 * it is in, and the messages that told deciders of a request.
 */
import { boolean, createdAt, id, integer, json, text, timestamp } from "../columns.js";
import type { Dialect } from "../database.js";
import type { Kit, Referenced } from "../kit.js";
import { index, primaryKey, uniqueIndex } from "../table-parts.js";
import { chatPlatforms, identityPlatforms, teamsConversationKinds } from "../vocabulary.js";

export function chatTables<D extends Dialect>(
  k: Kit<D>,
  { organisations, people, accessRequests }: Referenced<"organisations" | "people" | "accessRequests">,
) {
  const chatIdentities = k.table(
    "chat_identities",
    {
      platform: text("platform", identityPlatforms).notNull(),
      /** Slack team id or Teams tenant id. */
      workspace: text("workspace").notNull(),
      userId: text("user_id").notNull(),
      personId: integer("person_id")
        .notNull()
        .references(() => people.id, { onDelete: "cascade" }),
      refreshedAt: timestamp("refreshed_at").notNull(),
      /** How to reach the person privately on this platform (Slack: their user id; Teams: service URL, ids). */
      address: json("address").$type<Record<string, unknown>>(),
    },
    (t) => [primaryKey(t.platform, t.workspace, t.userId)],
  );

  const alertChannels = k.table(
    "alert_channels",
    {
      id: id(),
      organisationId: integer("organisation_id")
        .notNull()
        .references(() => organisations.id, { onDelete: "cascade" }),
      platform: text("platform", chatPlatforms).notNull(),
      workspace: text("workspace").notNull(),
      channelId: text("channel_id").notNull(),
      /** Platform data needed to post proactively (e.g. a Teams conversation reference). */
      conversationRef: json("conversation_ref").$type<Record<string, unknown>>(),
      addedBy: text("added_by").notNull(),
      createdAt: createdAt(),
    },
    (t) => [uniqueIndex("alert_channels_unique", [t.organisationId, t.platform, t.workspace, t.channelId])],
  );

  /**
   * Microsoft Teams conversations the bot is in (issue 4): stored when it is installed in a team, chat or
   * personal scope and refreshed on each message, so it can post there later (expiry alerts) and knows
   * when it was removed. `reference` is what a proactive message needs (service URL, bot, tenant).
   */
  const teamsConversations = k.table(
    "teams_conversations",
    {
      tenantId: text("tenant_id").notNull(),
      /** The conversation id without a thread suffix (`;messageid=…`): a channel, group chat or 1:1 chat. */
      conversationId: text("conversation_id").notNull(),
      kind: text("kind", teamsConversationKinds).notNull(),
      teamId: text("team_id"),
      reference: json("reference").$type<Record<string, unknown>>().notNull(),
      isInstalled: boolean("is_installed").notNull().default(true),
      updatedAt: timestamp("updated_at").notNull(),
    },
    (t) => [primaryKey(t.tenantId, t.conversationId), index("teams_conversations_team_idx", [t.teamId])],
  );

  /** The messages that told deciders of a request (a Slack DM, a Teams card), so they can show its outcome. */
  const requestNotices = k.table(
    "request_notices",
    {
      id: id(),
      requestId: integer("request_id")
        .notNull()
        .references(() => accessRequests.id, { onDelete: "cascade" }),
      platform: text("platform", chatPlatforms).notNull(),
      /** What the platform needs to change the message later (Slack: channel and ts; Teams: conversation and activity). */
      handle: json("handle").$type<Record<string, unknown>>().notNull(),
      createdAt: createdAt(),
    },
    (t) => [index("request_notices_request_idx", [t.requestId])],
  );

  return { chatIdentities, alertChannels, teamsConversations, requestNotices };
}
