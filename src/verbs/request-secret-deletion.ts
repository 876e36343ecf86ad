import { randomBytes } from "node:crypto";
import { and, count, eq, gt, ne } from "drizzle-orm";
import { z } from "zod";
import { clientSecrets, pendingConfirmations } from "../../db/schema.js";
import { type ApplicationRow, findApplication } from "../access.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { type ClientSecretRow, findClientSecret } from "./find-client-secret.js";

export const CONFIRMATION_MINUTES = 10;

export const RequestSecretDeletionInput = z.object({
  application: z.string().trim().min(1),
  secret: z.string().trim().min(1),
});
export type RequestSecretDeletionInput = z.infer<typeof RequestSecretDeletionInput>;

export type PendingDeletion = {
  token: string;
  app: ApplicationRow;
  secret: ClientSecretRow;
  isActive: boolean;
  /** Unexpired secrets that would remain; zero means API access stops entirely. */
  othersActive: number;
  expiresAt: Date;
};

/**
 * Asks for a deletion: nothing is deleted yet. Returns a single-use confirmation token bound to the
 * actor that expires after ten minutes.
 */
export function requestSecretDeletion(ctx: Ctx, raw: RequestSecretDeletionInput): PendingDeletion {
  const input = RequestSecretDeletionInput.parse(raw);
  if (ctx.actor.personId === null) throw new AppError("FORBIDDEN", errors.needsPerson("delete a secret"));
  const { app } = findApplication(ctx, input.application, "manage");
  const secret = findClientSecret(ctx, app, input.secret);
  const now = ctx.clock.now();
  const token = randomBytes(16).toString("hex"); // hex: a token never starts with "-", which would read as an option
  const expiresAt = new Date(now.getTime() + CONFIRMATION_MINUTES * 60_000);
  ctx.db
    .insert(pendingConfirmations)
    .values({
      id: token,
      personId: ctx.actor.personId,
      action: "delete_secret",
      payload: { applicationId: app.id, keyId: secret.keyId },
      expiresAt,
      createdAt: now,
    })
    .run();
  const othersActive =
    ctx.db
      .select({ n: count() })
      .from(clientSecrets)
      .where(
        and(eq(clientSecrets.applicationId, app.id), ne(clientSecrets.id, secret.id), gt(clientSecrets.expiresAt, now)),
      )
      .get()?.n ?? 0;
  return { token, app, secret, isActive: secret.expiresAt > now, othersActive, expiresAt };
}
