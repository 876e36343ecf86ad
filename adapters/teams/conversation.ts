/**
 * Where an activity happened: the tenant, the kind of conversation (1:1, group chat, channel), who the
 * person and the bot are, and which Bot Connector to answer through (TEAMS_SERVICE_URL overrides the
 * activity's own service URL).
 */
import { z } from "zod";
import type { CommandEnv } from "../../src/commands/command.js";
import { AppError } from "../../src/errors.js";
import { withoutTrailingSlashes } from "../../src/urls.js";
import type { Account, TeamsActivity } from "./activity-schemas.js";
import { teamsText } from "./teams-messages.js";

export type ConversationKind = "personal" | "groupChat" | "channel";

/** What a proactive message needs later; stored as JSON in teams_conversations and alert_channels. */
export const ConversationRef = z.object({
  serviceUrl: z.string(),
  tenantId: z.string(),
  conversationId: z.string(),
  kind: z.enum(["personal", "groupChat", "channel"]),
  teamId: z.string().optional(),
  botId: z.string(),
});
export type ConversationRef = z.infer<typeof ConversationRef>;

export type Where = {
  tenantId: string;
  /** The conversation as received; in a channel thread it ends in `;messageid=…`, so answers stay in the thread. */
  conversationId: string;
  kind: ConversationKind;
  /** Where the bot answers: TEAMS_SERVICE_URL when set, else the activity's service URL. */
  serviceUrl: string;
  ref: ConversationRef;
  user: Account;
  bot: Account;
};

const kindOf = (type: string | undefined): ConversationKind =>
  type === "channel" ? "channel" : type === "groupChat" ? "groupChat" : "personal";

/** Reads the conversation of an activity; refuses activities that name no tenant. */
export function whereOf(activity: TeamsActivity, serviceUrlOverride: string | undefined): Where {
  const tenantId = activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
  if (!tenantId) throw new AppError("FORBIDDEN", teamsText.noTenant());
  const kind = kindOf(activity.conversation.conversationType);
  const withoutThread = activity.conversation.id.split(";")[0] ?? activity.conversation.id;
  const baseId = activity.channelData?.channel?.id ?? withoutThread;
  const teamId = activity.channelData?.team?.id;
  const ref: ConversationRef = {
    serviceUrl: withoutTrailingSlashes(activity.serviceUrl),
    tenantId,
    conversationId: kind === "channel" ? baseId : withoutThread,
    kind,
    ...(teamId ? { teamId } : {}),
    botId: activity.recipient.id,
  };
  return {
    tenantId,
    conversationId: activity.conversation.id,
    kind,
    serviceUrl: withoutTrailingSlashes(serviceUrlOverride ?? ref.serviceUrl),
    ref,
    user: activity.from,
    bot: activity.recipient,
  };
}

/**
 * The command environment: a group chat or channel is a channel (for `alerts here`), a 1:1 chat is not;
 * a one-time value is only ever shown in the 1:1 chat.
 */
export function teamsEnv(where: Where): CommandEnv {
  return {
    surface: "teams",
    canShowForms: true,
    canRevealSecrets: where.kind === "personal",
    ...(where.kind === "personal"
      ? {}
      : {
          channel: {
            platform: "teams" as const,
            workspace: where.tenantId,
            channelId: where.ref.conversationId,
            conversationRef: where.ref,
          },
        }),
  };
}
