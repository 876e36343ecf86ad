/** What an outbox row of a notice holds: where it goes and what it says (plain reply data, never a secret value). */
import { z } from "zod";
import type { Reply } from "../reply.js";

/** A reply as stored: plain data, and never one that reveals a secret (a notice never does). */
const ReplyData = z.custom<Reply>((v) => typeof v === "object" && v !== null && "blocks" in v && !("secret" in v));

/** Where a notice goes: a person (chat where the bot knows them, else e-mail), or an alert channel. */
export const NoticeTo = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("person"), email: z.string(), only: z.enum(["slack", "teams"]).optional() }),
  z.object({ kind: z.literal("channel"), alertChannelId: z.number().int() }),
]);
export type NoticeTo = z.infer<typeof NoticeTo>;

export const NoticePayload = z.object({
  to: NoticeTo,
  reply: ReplyData,
  subject: z.string(),
  /** What the e-mail says when it differs from the chat message (e.g. no buttons). */
  mail: ReplyData.optional(),
  /** An access request's notice to a decider: the chat message is kept so its outcome can be shown there. */
  requestId: z.number().int().optional(),
});
export type NoticePayload = z.infer<typeof NoticePayload>;
