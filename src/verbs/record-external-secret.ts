import { and, eq } from "drizzle-orm";
import type { Query } from "../../db/database.js";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { isoDate } from "../messages/format.js";
import type { ApplicationRow } from "../policy.js";
import type { ProviderSecret } from "../ports/secret-provider.js";

type AppRef = Pick<ApplicationRow, "id" | "name" | "organisationId">;

/**
 * Records a credential found at the provider but not created by the bot (isExternal, no creator, no
 * hash), with its audit entry, inside the caller's transaction. Returns its row's id, or null when its
 * key id is already known, so running it twice records it once.
 */
export async function recordExternalSecret(
  tx: Query,
  ctx: Ctx,
  app: AppRef,
  secret: ProviderSecret,
  now: Date,
): Promise<number | null> {
  const { clientSecrets } = ctx.db.t;
  const [row] = await tx
    .insert(clientSecrets)
    .values({
      applicationId: app.id,
      keyId: secret.keyId,
      displayName: secret.displayName,
      hint: secret.hint,
      hash: null,
      createdAt: secret.createdAt ?? now,
      createdBy: null,
      expiresAt: secret.expiresAt,
      isExternal: true,
      kind: secret.kind ?? "secret",
      // Found already deactivated in the provider's console: recorded as it is, so nobody is reminded of it.
      ...(secret.isActive === false ? { deactivatedAt: now, deactivatedBy: "provider" as const } : {}),
    })
    .onConflictDoNothing()
    .returning({ id: clientSecrets.id });
  if (!row) return null;
  await writeAudit(tx, ctx, {
    action: "secret.external_added",
    target: app.name,
    organisationId: app.organisationId,
    applicationId: app.id,
    detail: auditDetail(secret),
  });
  return row.id;
}

/**
 * Deletes the row of a credential that is gone at the provider, with its audit entry, inside the
 * caller's transaction: `secret.external_removed` when it went outside the bot, `secret.ended` when the
 * provider ended it because of something the bot did (Keycloak regenerating).
 */
export async function forgetExternalSecret(
  tx: Query,
  ctx: Ctx,
  app: AppRef,
  secret: ProviderSecret,
  action: "secret.external_removed" | "secret.ended" = "secret.external_removed",
): Promise<void> {
  const { clientSecrets } = ctx.db.t;
  await tx
    .delete(clientSecrets)
    .where(and(eq(clientSecrets.applicationId, app.id), eq(clientSecrets.keyId, secret.keyId)));
  await writeAudit(tx, ctx, {
    action,
    target: app.name,
    organisationId: app.organisationId,
    applicationId: app.id,
    detail: auditDetail(secret),
  });
}

export const auditDetail = (secret: Pick<ProviderSecret, "keyId" | "hint" | "displayName" | "expiresAt" | "kind">) => ({
  keyId: secret.keyId,
  hint: secret.hint,
  displayName: secret.displayName,
  expiresOn: isoDate(secret.expiresAt),
  ...(secret.kind === "certificate" ? { kind: "certificate" } : {}),
});
