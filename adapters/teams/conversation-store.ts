/**
 * The conversations the bot is in, kept in teams_conversations: stored on install, refreshed on every
 * message (the service URL can change), and marked when the bot is removed, so channel alerts know
 * where to go and when a channel is gone for good.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { teamsConversations } from "../../db/schema.js";
import { ConversationRef } from "./conversation.js";

/** Stores (or refreshes) a conversation the bot can post to. */
export function rememberConversation(db: Db, ref: ConversationRef, now: Date): void {
  const row = {
    tenantId: ref.tenantId,
    conversationId: ref.conversationId,
    kind: ref.kind,
    teamId: ref.teamId ?? null,
    reference: ref,
    isInstalled: true,
    updatedAt: now,
  };
  db.insert(teamsConversations)
    .values(row)
    .onConflictDoUpdate({
      target: [teamsConversations.tenantId, teamsConversations.conversationId],
      set: { kind: row.kind, teamId: row.teamId, reference: row.reference, isInstalled: true, updatedAt: now },
    })
    .run();
}

/** Marks the bot as removed from a conversation, or from every channel of a team it was removed from. */
export function forgetConversation(db: Db, ref: ConversationRef, now: Date): void {
  const where = ref.teamId
    ? and(eq(teamsConversations.tenantId, ref.tenantId), eq(teamsConversations.teamId, ref.teamId))
    : and(eq(teamsConversations.tenantId, ref.tenantId), eq(teamsConversations.conversationId, ref.conversationId));
  rememberConversation(db, ref, now);
  db.update(teamsConversations).set({ isInstalled: false, updatedAt: now }).where(where).run();
}

export type StoredConversation = { ref: ConversationRef; isInstalled: boolean };

/** The stored reference of a conversation, when the bot has seen it. */
export function findConversation(db: Db, tenantId: string, conversationId: string): StoredConversation | undefined {
  const row = db
    .select()
    .from(teamsConversations)
    .where(and(eq(teamsConversations.tenantId, tenantId), eq(teamsConversations.conversationId, conversationId)))
    .get();
  const ref = ConversationRef.safeParse(row?.reference);
  return row && ref.success ? { ref: ref.data, isInstalled: row.isInstalled } : undefined;
}
