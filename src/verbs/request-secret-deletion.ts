import { randomBytes } from "node:crypto";
import { and, count, eq, gt, ne } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { reference } from "../names.js";
import { type ApplicationRow, authoriseApplication, requirePerson } from "../policy.js";
import { type ClientSecretRow, findClientSecret } from "./find-client-secret.js";

export const CONFIRMATION_MINUTES = 10;

export const RequestSecretDeletionInput = z.object({
  application: reference("application (its name or clientId)"),
  secret: reference("secret (its hint or key id)"),
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
export async function requestSecretDeletion(ctx: Ctx, raw: RequestSecretDeletionInput): Promise<PendingDeletion> {
  const input = RequestSecretDeletionInput.parse(raw);
  const { personId } = requirePerson(ctx, "delete a secret");
  const { app } = await authoriseApplication(ctx, input.application, "manage");
  const secret = await findClientSecret(ctx, app, input.secret);
  const { clientSecrets, pendingConfirmations } = ctx.db.t;
  const now = ctx.clock.now();
  const token = randomBytes(16).toString("hex"); // hex: a token never starts with "-", which would read as an option
  const expiresAt = new Date(now.getTime() + CONFIRMATION_MINUTES * 60_000);
  await ctx.db.transaction((tx) =>
    tx.insert(pendingConfirmations).values({
      id: token,
      personId,
      action: "delete_secret",
      payload: { applicationId: app.id, keyId: secret.keyId },
      expiresAt,
      createdAt: now,
    }),
  );
  const [others] = await ctx.db
    .select({ n: count() })
    .from(clientSecrets)
    .where(
      and(eq(clientSecrets.applicationId, app.id), ne(clientSecrets.id, secret.id), gt(clientSecrets.expiresAt, now)),
    );
  const othersActive = others?.n ?? 0;
  return { token, app, secret, isActive: secret.expiresAt > now, othersActive, expiresAt };
}
