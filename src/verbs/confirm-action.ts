import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Schema } from "../../db/database.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { type DeletedSecret, deleteClientSecret } from "./delete-client-secret.js";
import { CONFIRMATION_MINUTES } from "./request-secret-deletion.js";

const DeleteSecretPayload = z.object({ applicationId: z.number().int(), keyId: z.string() });

type PendingRow = Schema["pendingConfirmations"]["$inferSelect"];

/** Marks the confirmation used, atomically; only its owner, only once, only before it expires. */
async function claim(ctx: Ctx, token: string): Promise<PendingRow> {
  const now = ctx.clock.now();
  // The operator and the bot own no confirmation, so they can claim none.
  const personId = ctx.actor.kind === "person" ? ctx.actor.personId : -1;
  const { pendingConfirmations } = ctx.db.t;
  const [claimed] = await ctx.db.transaction((tx) =>
    tx
      .update(pendingConfirmations)
      .set({ usedAt: now })
      .where(
        and(
          eq(pendingConfirmations.id, token),
          eq(pendingConfirmations.personId, personId),
          isNull(pendingConfirmations.usedAt),
          gt(pendingConfirmations.expiresAt, now),
        ),
      )
      .returning(),
  );
  if (claimed) return claimed;
  const [row] = await ctx.db.select().from(pendingConfirmations).where(eq(pendingConfirmations.id, token));
  if (!row) throw new AppError("NOT_FOUND", errors.confirmationUnknown());
  if (row.personId !== personId) throw new AppError("FORBIDDEN", errors.confirmationNotYours());
  if (row.usedAt) throw new AppError("CONFLICT", errors.confirmationUsed());
  throw new AppError("EXPIRED", errors.confirmationExpired(CONFIRMATION_MINUTES));
}

/** Gives the confirmation back when the action failed before changing anything, so the same button works again. */
async function release(ctx: Ctx, token: string): Promise<void> {
  const { pendingConfirmations } = ctx.db.t;
  await ctx.db.transaction((tx) =>
    tx.update(pendingConfirmations).set({ usedAt: null }).where(eq(pendingConfirmations.id, token)),
  );
}

/**
 * Carries out a confirmed action exactly once. A double click, another person's click or a late click
 * runs nothing. Returns null when the secret was already gone.
 */
export async function confirmAction(ctx: Ctx, token: string): Promise<DeletedSecret | null> {
  const row = await claim(ctx, token);
  const payload = DeleteSecretPayload.parse(row.payload);
  try {
    return await deleteClientSecret(ctx, payload);
  } catch (error) {
    await release(ctx, token);
    throw error;
  }
}

/** Withdraws a pending confirmation; only its owner can. */
export async function cancelAction(ctx: Ctx, token: string): Promise<void> {
  await claim(ctx, token);
}
