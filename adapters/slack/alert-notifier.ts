/**
 * Posts expiry alerts into Slack channels with chat.postMessage. Rate limits are retried as Slack
 * asks (Retry-After) a couple of times, then handed back to the outbox as transient; a channel that is
 * gone or a bot that was removed is a permanent failure.
 */
import type { ChannelAddress, ChatNotifier } from "../../src/ports/chat-notifier.js";
import { DeliveryError } from "../../src/ports/mailer.js";
import type { Reply } from "../../src/reply.js";
import { parseRetryAfter } from "../http/retry-after.js";

const PERMANENT = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "account_inactive",
  "invalid_auth",
  "token_revoked",
  "missing_scope",
  "restricted_action",
]);
const MAX_INLINE_WAIT_S = 30;

export type SlackAlertOptions = {
  botToken: string;
  apiUrl?: string;
  render: (reply: Reply) => { text: string; blocks: unknown[] };
  sleep?: (ms: number) => Promise<void>;
  /** Dates a Retry-After given as an HTTP-date; the system clock when not given. */
  now?: () => Date;
};

export class SlackAlertNotifier implements ChatNotifier {
  readonly platform = "slack" as const;
  private readonly base: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SlackAlertOptions) {
    this.base = (options.apiUrl ?? "https://slack.com/api/").replace(/\/?$/, "/");
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async post(channel: ChannelAddress, reply: Reply): Promise<void> {
    await this.postTo(channel.channelId, reply);
  }

  /** Posts into a channel, or as a direct message when `channelId` is a user id; returns where it landed. */
  async postTo(channelId: string, reply: Reply): Promise<{ channel: string; ts: string }> {
    const answer = await this.call("chat.postMessage", {
      channel: channelId,
      ...this.options.render(reply),
      unfurl_links: false,
    });
    return { channel: String(answer.channel ?? channelId), ts: String(answer.ts ?? "") };
  }

  /** Replaces a message posted earlier (chat.update). */
  async update(channel: string, ts: string, reply: Reply): Promise<void> {
    await this.call("chat.update", { channel, ts, ...this.options.render(reply) });
  }

  private async call(method: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const body = JSON.stringify(payload);
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.base}${method}`, {
          method: "POST",
          headers: {
            "content-type": "application/json; charset=utf-8",
            authorization: `Bearer ${this.options.botToken}`,
          },
          body,
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        throw new DeliveryError(`Slack unreachable: ${(error as Error).message}`, true);
      }
      if (res.status === 429) {
        // Slack sends seconds; without a readable header, one second.
        const now = this.options.now?.() ?? new Date();
        const wait = Math.ceil((parseRetryAfter(res.headers.get("retry-after"), now) ?? 1000) / 1000);
        if (attempt < 2 && wait <= MAX_INLINE_WAIT_S) {
          await this.sleep(wait * 1000);
          continue;
        }
        throw new DeliveryError("Slack rate limit", true, wait);
      }
      if (res.status >= 500) throw new DeliveryError(`Slack answered ${res.status}`, true);
      const answer = (await res.json().catch(() => ({ ok: false, error: "bad_response" }))) as Record<string, unknown>;
      if (answer.ok === true) return answer;
      const error = typeof answer.error === "string" ? answer.error : "unknown_error";
      throw new DeliveryError(`Slack: ${error}`, !PERMANENT.has(error));
    }
  }
}
