import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { reference } from "../names.js";
import { type ApplicationRow, authoriseApplication, requirePerson } from "../policy.js";
import type { ProviderCapabilities } from "../ports/secret-provider.js";
import { isUsageKnown } from "../rotation.js";
import { type ClientSecretRow, findClientSecret } from "./find-client-secret.js";
import { secretsOf } from "./provider-room.js";

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
  /**
   * It is the application's current secret at a provider that always keeps one (Keycloak): deleting it
   * makes the provider generate a new one that nobody sees, and `alsoEnding` end with it.
   */
  isRegenerating: boolean;
  alsoEnding: ClientSecretRow[];
  /** The provider deletes in two steps (Okta: deactivate, then delete); the bot does both. */
  isTwoStep: boolean;
  providerLabel: string;
  expiresAt: Date;
  /** Where evidence of its use comes from, and whether anything is known of it now (src/rotation.ts). */
  usage: ProviderCapabilities["usage"];
  isUsageKnown: boolean;
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
  const { pendingConfirmations } = ctx.db.t;
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
  const others = (await secretsOf(ctx, app)).filter((s) => s.id !== secret.id);
  // The current secret is the newest: a provider that always keeps one replaces it, and ends the previous.
  const isRegenerating =
    ctx.provider.capabilities.hasCurrentSecret && others.every((s) => s.createdAt <= secret.createdAt);
  const alsoEnding = isRegenerating ? others.filter((s) => s.expiresAt > now) : [];
  const othersActive = isRegenerating ? 0 : others.filter((s) => s.expiresAt > now).length;
  const { label, capabilities } = ctx.provider;
  return {
    token,
    app,
    secret,
    isActive: secret.expiresAt > now,
    othersActive,
    isRegenerating,
    alsoEnding,
    isTwoStep: capabilities.isTwoStepDeletion,
    providerLabel: label,
    expiresAt,
    usage: capabilities.usage,
    isUsageKnown: isUsageKnown(capabilities, secret),
  };
}
