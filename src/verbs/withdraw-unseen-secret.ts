import type { Ctx } from "../context.js";
import type { SecretReveal } from "../reply.js";
import { type DeletedSecret, deleteClientSecret } from "./delete-client-secret.js";
import { lookupApplication } from "./find-application.js";

/**
 * Takes back a secret whose one-time value could not be shown to its creator (the window was closed,
 * the chat refused the message): nobody has seen it, so nobody can use it, and it must not stay valid.
 * Deleted at the provider and in the database like any deletion, as the creator, audited as
 * `secret.withdrawn`. Returns null when it was already gone.
 */
export async function withdrawUnseenSecret(ctx: Ctx, secret: SecretReveal): Promise<DeletedSecret | null> {
  const app = await lookupApplication(ctx.db, secret.clientId);
  if (!app) return null;
  const withdrawn = await deleteClientSecret(ctx, { applicationId: app.id, keyId: secret.keyId }, "secret.withdrawn");
  ctx.log.warn({ keyId: secret.keyId, hint: secret.hint }, "a new secret could not be shown, so it was withdrawn");
  return withdrawn;
}
