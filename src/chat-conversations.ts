/**
 * The Teams conversations the bot is in, kept in teams_conversations: stored on install, refreshed on
 * every message (the service URL can change), and marked when the bot is removed, so channel alerts
 * know where to go and when a channel is gone for good. The reference itself is the adapter's to read;
 * here it is only stored and given back.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/database.js";
import type { teamsConversationKinds } from "../db/vocabulary.js";

/** Where a conversation is, as the Teams adapter describes it; `reference` is stored as it is given. */
export type ConversationKey = {
  tenantId: string;
  conversationId: string;
  kind: (typeof teamsConversationKinds)[number];
  teamId?: string | undefined;
};

/** Stores (or refreshes) a conversation the bot can post to. */
export async function rememberConversation(db: Db, ref: ConversationKey, now: Date): Promise<void> {
  const { teamsConversations } = db.t;
  const row = {
    tenantId: ref.tenantId,
    conversationId: ref.conversationId,
    kind: ref.kind,
    teamId: ref.teamId ?? null,
    reference: ref,
    isInstalled: true,
    updatedAt: now,
  };
  await db.transaction((tx) =>
    tx
      .insert(teamsConversations)
      .values(row)
      .onConflictDoUpdate({
        target: [teamsConversations.tenantId, teamsConversations.conversationId],
        set: { kind: row.kind, teamId: row.teamId, reference: row.reference, isInstalled: true, updatedAt: now },
      }),
  );
}

/** Marks the bot as removed from a conversation, or from every channel of a team it was removed from. */
export async function forgetConversation(db: Db, ref: ConversationKey, now: Date): Promise<void> {
  const { teamsConversations } = db.t;
  const where = ref.teamId
    ? and(eq(teamsConversations.tenantId, ref.tenantId), eq(teamsConversations.teamId, ref.teamId))
    : and(eq(teamsConversations.tenantId, ref.tenantId), eq(teamsConversations.conversationId, ref.conversationId));
  await db.transaction(async (tx) => {
    await rememberConversation(db, ref, now);
    await tx.update(teamsConversations).set({ isInstalled: false, updatedAt: now }).where(where);
  });
}

export type StoredConversation = { reference: unknown; isInstalled: boolean };

/** The stored reference of a conversation, when the bot has seen it. */
export async function findConversation(
  db: Db,
  tenantId: string,
  conversationId: string,
): Promise<StoredConversation | undefined> {
  const { teamsConversations } = db.t;
  const [row] = await db
    .select()
    .from(teamsConversations)
    .where(and(eq(teamsConversations.tenantId, tenantId), eq(teamsConversations.conversationId, conversationId)));
  return row ? { reference: row.reference, isInstalled: row.isInstalled } : undefined;
}
