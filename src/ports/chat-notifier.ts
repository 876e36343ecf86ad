import type { Reply } from "../reply.js";

/** A chat channel subscribed to alerts, as stored by `alerts here`. */
export type ChannelAddress = {
  platform: "slack" | "teams";
  workspace: string;
  channelId: string;
  conversationRef: Record<string, unknown> | null;
};

/** Posts proactive messages (expiry alerts) into chat channels. */
export interface ChatNotifier {
  readonly platform: "slack" | "teams";
  /**
   * Posts the reply into the channel. Throws DeliveryError (from ./mailer.js): transient for rate
   * limits and outages (with Retry-After when given), permanent when the channel is gone or the bot
   * was removed.
   */
  post(channel: ChannelAddress, reply: Reply): Promise<void>;
}
