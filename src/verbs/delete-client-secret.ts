import { and, eq } from "drizzle-orm";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { isAppError } from "../errors.js";
import { isoDate } from "../messages/format.js";
import { authoriseApplication } from "../policy.js";
import type { ClientSecretRow } from "./find-client-secret.js";
import { findClientSecret } from "./find-client-secret.js";
import { followProvider } from "./follow-provider.js";

export type DeletedSecret = { applicationName: string; secret: ClientSecretRow };

/**
 * Deletes a secret. Only ever called with a consumed confirmation; the actor's grant is checked again
 * here, at the moment of deletion. Provider first, then the row and the audit entry together, with
 * whatever the provider changed along with it.
 */
export async function deleteClientSecret(
  ctx: Ctx,
  input: { applicationId: number; keyId: string },
  action: "secret.deleted" | "secret.withdrawn" = "secret.deleted",
): Promise<DeletedSecret | null> {
  const { app } = await authoriseApplication(ctx, await applicationRef(ctx, input.applicationId), "manage");
  let secret: ClientSecretRow;
  try {
    secret = await findClientSecret(ctx, app, input.keyId);
  } catch (error) {
    // Already gone (deleted elsewhere in the meantime) is done; any other failure is a failure.
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  }
  const outcome = await ctx.provider.deleteSecret(app, secret.keyId);
  const { clientSecrets } = ctx.db.t;
  await ctx.db.transaction(async (tx) => {
    await tx
      .delete(clientSecrets)
      .where(and(eq(clientSecrets.applicationId, app.id), eq(clientSecrets.keyId, secret.keyId)));
    await writeAudit(tx, ctx, {
      action,
      target: app.name,
      organisationId: app.organisationId,
      applicationId: app.id,
      detail: {
        keyId: secret.keyId,
        hint: secret.hint,
        displayName: secret.displayName,
        expiresOn: isoDate(secret.expiresAt),
      },
    });
    // What the provider changed along with it (Keycloak: a new, unseen current secret; the previous one ended).
    if (outcome.remaining) {
      const options = { now: ctx.clock.now(), settledBefore: null, except: [secret.keyId] } as const;
      await followProvider(tx, ctx, app, outcome.remaining, { ...options, removedAction: "secret.ended" });
    }
  });
  ctx.log.info({ application: app.clientId, keyId: secret.keyId, hint: secret.hint, action }, "client secret deleted");
  return { applicationName: app.name, secret };
}

/** The clientId of an application by row id, so access is resolved exactly as for typed input. */
async function applicationRef(ctx: Ctx, applicationId: number): Promise<string> {
  const { applications } = ctx.db.t;
  const [row] = await ctx.db
    .select({ clientId: applications.clientId })
    .from(applications)
    .where(eq(applications.id, applicationId));
  return row?.clientId ?? `#${applicationId}`;
}
