/**
 * The Bot Connector REST API, through the Teams SDK's typed client: answers and proactive messages,
 * who a member is, and the 1:1 chat with a person. Every failure becomes a ConnectorError that names
 * the HTTP status and nothing else: the SDK's HTTP errors carry the request body, which may hold a
 * one-time secret value, so they are never logged or passed on.
 */
import { Client, MessageActivityInput, type TeamsChannelAccount } from "@microsoft/teams.api";
import type { IAdaptiveCard } from "@microsoft/teams.cards";
import type { ILogger } from "@microsoft/teams.common";
import { parseRetryAfter } from "../http/retry-after.js";
import { BotTokenError } from "./bot-token.js";
import { ConnectorError } from "./connector-error.js";

const TIMEOUT_MS = 15_000;

function toConnectorError(error: unknown, now: Date): ConnectorError {
  const response = (error as { response?: { status?: number; headers?: Record<string, unknown> } }).response;
  if (!response?.status) return new ConnectorError(0);
  const header = response.headers?.["retry-after"];
  const waitMs = parseRetryAfter(typeof header === "string" ? header : undefined, now);
  return new ConnectorError(response.status, waitMs === undefined ? undefined : Math.ceil(waitMs / 1000));
}

/** Calls the Bot Connector at a given service URL with the bot's token. */
export class Connector {
  /** `token` is absent when no bot credentials are configured (the Agents Playground); `now` dates a Retry-After. */
  constructor(
    readonly token: (() => Promise<string>) | undefined,
    private readonly logger: ILogger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private client(serviceUrl: string): Client {
    return new Client(serviceUrl, {
      timeout: TIMEOUT_MS,
      logger: this.logger,
      ...(this.token ? { token: this.token } : {}),
    });
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      // No token, no call: say that, rather than that the Bot Connector did not answer.
      if (error instanceof BotTokenError) throw error;
      throw toConnectorError(error, this.now());
    }
  }

  /** Posts a message with one Adaptive Card into a conversation (a channel thread when the id ends in `;messageid=…`). */
  sendCard(serviceUrl: string, conversationId: string, card: IAdaptiveCard): Promise<string | undefined> {
    const message = new MessageActivityInput().addCard("adaptive", card);
    return this.call(
      async () => (await this.client(serviceUrl).conversations.activities(conversationId).create(message)).id,
    );
  }

  /** Replaces a message the bot posted earlier with a new card (e.g. a request that has been decided). */
  async updateCard(serviceUrl: string, conversationId: string, activityId: string, card: IAdaptiveCard): Promise<void> {
    const message = new MessageActivityInput().addCard("adaptive", card);
    await this.call(() => this.client(serviceUrl).conversations.activities(conversationId).update(activityId, message));
  }

  /** A member of a conversation, with their e-mail and sign-in name when Teams knows them. */
  member(serviceUrl: string, conversationId: string, userId: string): Promise<TeamsChannelAccount> {
    return this.call(() => this.client(serviceUrl).conversations.members(conversationId).getById(userId));
  }

  /** The 1:1 chat between the bot and a person (Teams answers with the existing one when there is one). */
  personalChat(serviceUrl: string, input: { botId: string; userId: string; tenantId: string }): Promise<string> {
    return this.call(async () => {
      const created = await this.client(serviceUrl).conversations.create({
        isGroup: false,
        bot: { id: input.botId },
        members: [{ id: input.userId, role: "user" }],
        tenantId: input.tenantId,
        channelData: { tenant: { id: input.tenantId } },
      });
      return created.id;
    });
  }
}
