/**
 * Telling people things outside the conversation they are in: privately on a chat platform (a Slack
 * direct message, a Teams 1:1 chat), into an alert channel, or by e-mail. Used for access requests
 * and their outcome, grants that end, and applications left with too few managers.
 */
import type { Reply } from "../reply.js";
import type { ChannelAddress } from "./chat-notifier.js";

export type ChatPlatform = "slack" | "teams";

/** How to reach one person privately on a platform, as stored with their chat identity. */
export type PersonAddress = { platform: ChatPlatform; address: Record<string, unknown> };

/** A message posted earlier, to change it later (e.g. to show that a request was decided). */
export type MessageHandle = { platform: ChatPlatform; handle: Record<string, unknown> };

export interface Notify {
  /** The chat platforms that are configured. */
  readonly platforms: ReadonlySet<ChatPlatform>;
  /** Posts privately to a person; null when that platform is off or the address is not usable. Throws when delivery failed. */
  toPerson(to: PersonAddress, reply: Reply): Promise<MessageHandle | null>;
  /** Replaces a message posted earlier. Throws when that failed. */
  update(message: MessageHandle, reply: Reply): Promise<void>;
  /** Posts into a chat channel subscribed with `alerts here`. Throws when delivery failed. */
  toChannel(channel: ChannelAddress, reply: Reply): Promise<void>;
  /** Sends an e-mail (printed, not sent, without SMTP_URL). Throws when delivery failed. */
  mail(to: string, subject: string, reply: Reply): Promise<void>;
}
