/**
 * Posts expiry alerts into Teams channels and group chats, proactively, through the Bot Connector with
 * the bot's own token, using the conversation reference stored when the bot was installed there (or by
 * `alerts here`). Rate limits and outages are transient; a conversation the bot was removed from, or
 * that Teams refuses (403, 404), fails for good.
 */
import type { Db } from "../../db/database.js";
import { findConversation, forgetConversation } from "../../src/chat-conversations.js";
import { typed } from "../../src/commands/actions.js";
import type { Deps } from "../../src/context.js";
import type { ChannelAddress, ChatNotifier } from "../../src/ports/chat-notifier.js";
import { DeliveryError } from "../../src/ports/mailer.js";
import type { Reply } from "../../src/reply.js";
import type { Connector } from "./connector.js";
import { ConnectorError } from "./connector-error.js";
import { ConversationRef } from "./conversation.js";
import type { TeamsEndpoints } from "./endpoints.js";
import { renderCard } from "./render-card.js";

export type TeamsAlertOptions = {
  db: Db;
  /** The Bot Connector client, made on the first alert: the Teams SDK is only loaded when one goes out. */
  connect: () => Promise<Connector>;
  serviceUrlOverride?: string | undefined;
  now: () => Date;
};

/** The ChatNotifier for Teams: one card per alert, into the stored conversation. */
export class TeamsAlertNotifier implements ChatNotifier {
  readonly platform = "teams" as const;

  private connector: Promise<Connector> | undefined;

  constructor(private readonly options: TeamsAlertOptions) {}

  private async reference(channel: ChannelAddress): Promise<ConversationRef> {
    const stored = await findConversation(this.options.db, channel.workspace, channel.channelId);
    if (stored && !stored.isInstalled) {
      throw new DeliveryError("Teams: the bot was removed from this conversation", false);
    }
    const ref = ConversationRef.safeParse(stored?.reference ?? channel.conversationRef).data;
    if (!ref)
      throw new DeliveryError(
        `Teams: no conversation reference; type ${typed("alerts", "here")} in the channel again`,
        false,
      );
    return ref;
  }

  async post(channel: ChannelAddress, reply: Reply): Promise<void> {
    const ref = await this.reference(channel);
    const card = renderCard(reply, { mayRevealSecret: false });
    const serviceUrl = this.options.serviceUrlOverride ?? ref.serviceUrl;
    try {
      this.connector ??= this.options.connect();
      await (await this.connector).sendCard(serviceUrl, ref.conversationId, card);
    } catch (error) {
      if (!(error instanceof ConnectorError)) {
        throw new DeliveryError(`Teams: ${(error as Error).message}`, true);
      }
      if (error.status === 403 || error.status === 404)
        await forgetConversation(this.options.db, ref, this.options.now());
      throw new DeliveryError(`Teams: ${error.message}`, error.isTransient, error.retryAfterSeconds);
    }
  }
}

/**
 * The notifier for the reminder pass, with the bot's credentials from the configuration; `connect` lets
 * it share a connector (and its cached bot token) with the rest of the outgoing channels.
 */
export function teamsAlertNotifier(
  deps: Omit<Deps, "notify">,
  endpoints: TeamsEndpoints = {},
  connect: () => Promise<Connector> = async () =>
    (await import("./teams-connector.js")).teamsConnector(deps, endpoints),
): TeamsAlertNotifier {
  return new TeamsAlertNotifier({
    db: deps.db,
    connect,
    serviceUrlOverride: deps.config.teamsServiceUrl,
    now: () => deps.clock.now(),
  });
}
