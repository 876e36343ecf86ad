/**
 * Making one application's rows match what the provider holds: found credentials are recorded, gone
 * ones removed, a changed expiry followed (Keycloak shortens a secret's life when it becomes the
 * rotated one) and so is a secret deactivated or activated again in Okta's console, each with its
 * audit entry. The sync uses it for changes made outside the bot; create
 * and delete use it for what the provider changed along with them.
 */
import { and, eq } from "drizzle-orm";
import type { Query } from "../../db/database.js";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { isoDate } from "../messages/format.js";
import type { ApplicationRow } from "../policy.js";
import type { ProviderSecret } from "../ports/secret-provider.js";
import { auditDetail, forgetExternalSecret, recordExternalSecret } from "./record-external-secret.js";
import { startRotation } from "./rotations.js";

export type SyncedSecret = { application: string; keyId: string; hint: string; displayName: string };
export type Followed = {
  added: SyncedSecret[];
  removed: SyncedSecret[];
  /** Deactivated, or activated again, in the provider's own console (Okta). */
  deactivated: SyncedSecret[];
  reactivated: SyncedSecret[];
};

export type FollowOptions = {
  now: Date;
  /**
   * Rows and credentials newer than this are left alone (the sync's grace: a create in flight exists at
   * the provider a moment before its row does); null follows everything.
   */
  settledBefore: number | null;
  /** Key ids the caller handles itself (the secret just created or deleted). */
  except?: readonly string[];
  /** How a removal is audited: gone outside the bot, or ended by the provider along with the bot's change. */
  removedAction: "secret.external_removed" | "secret.ended";
};

/** Applies the provider's list of an application's credentials to its rows, inside the caller's transaction. */
export async function followProvider(
  tx: Query,
  ctx: Ctx,
  app: ApplicationRow,
  remote: ProviderSecret[],
  options: FollowOptions,
): Promise<Followed> {
  const { clientSecrets } = ctx.db.t;
  const isSettled = (at: Date | null) =>
    options.settledBefore === null || (at?.getTime() ?? 0) <= options.settledBefore;
  const except = new Set(options.except ?? []);
  const entry = (s: Pick<ProviderSecret, "keyId" | "hint" | "displayName">) => ({
    application: app.name,
    keyId: s.keyId,
    hint: s.hint,
    displayName: s.displayName,
  });
  const followed: Followed = { added: [], removed: [], deactivated: [], reactivated: [] };
  const local = await tx.select().from(clientSecrets).where(eq(clientSecrets.applicationId, app.id));
  const localById = new Map(local.map((s) => [s.keyId, s]));
  const remoteIds = new Set(remote.map((s) => s.keyId));
  for (const secret of remote) {
    if (except.has(secret.keyId)) continue;
    const row = localById.get(secret.keyId);
    if (row) {
      await followExpiry(tx, ctx, app, row, secret);
      const change = await followActivation(tx, ctx, app, row, secret, options.now);
      if (change) followed[change].push(entry(row));
      continue;
    }
    if (!isSettled(secret.createdAt)) continue;
    const id = await recordExternalSecret(tx, ctx, app, secret, options.now);
    if (id === null) continue;
    followed.added.push(entry(secret));
    // A secret added at the provider beside others starts a rotation of them, as one created here does.
    if ((secret.kind ?? "secret") === "secret" && secret.isActive !== false) {
      await startRotation(tx, ctx, { applicationId: app.id, newer: { id, keyId: secret.keyId }, now: options.now });
    }
  }
  for (const row of local) {
    if (remoteIds.has(row.keyId) || except.has(row.keyId) || !isSettled(row.createdAt)) continue;
    await forgetExternalSecret(tx, ctx, app, row, options.removedAction);
    followed.removed.push(entry(row));
  }
  return followed;
}

/** A credential whose expiry the provider changed gets the new one, audited; differences under a second are noise. */
async function followExpiry(
  tx: Query,
  ctx: Ctx,
  app: ApplicationRow,
  row: { keyId: string; expiresAt: Date },
  secret: ProviderSecret,
): Promise<void> {
  if (secret.isExpirySetByProvider === false) return;
  if (Math.abs(row.expiresAt.getTime() - secret.expiresAt.getTime()) < 1000) return;
  const { clientSecrets } = ctx.db.t;
  await tx
    .update(clientSecrets)
    .set({ expiresAt: secret.expiresAt })
    .where(and(eq(clientSecrets.applicationId, app.id), eq(clientSecrets.keyId, row.keyId)));
  await writeAudit(tx, ctx, {
    action: "secret.expiry_changed",
    target: app.name,
    organisationId: app.organisationId,
    applicationId: app.id,
    detail: { ...auditDetail(secret), previousExpiresOn: isoDate(row.expiresAt) },
  });
}

/**
 * A secret deactivated in the provider's console is marked so (it no longer works; no reminders follow),
 * and one activated there again is unmarked, whoever had deactivated it: the bot enforces its expiry
 * again at the next pass if it has passed. Providers that say nothing of activity are left alone.
 */
async function followActivation(
  tx: Query,
  ctx: Ctx,
  app: ApplicationRow,
  row: { keyId: string; deactivatedAt: Date | null },
  secret: ProviderSecret,
  now: Date,
): Promise<"deactivated" | "reactivated" | null> {
  if (secret.isActive === undefined || secret.isActive === (row.deactivatedAt === null)) return null;
  const { clientSecrets } = ctx.db.t;
  const change = secret.isActive
    ? { deactivatedAt: null, deactivatedBy: null }
    : { deactivatedAt: now, deactivatedBy: "provider" as const };
  await tx
    .update(clientSecrets)
    .set(change)
    .where(and(eq(clientSecrets.applicationId, app.id), eq(clientSecrets.keyId, row.keyId)));
  await writeAudit(tx, ctx, {
    action: secret.isActive ? "secret.external_reactivated" : "secret.external_deactivated",
    target: app.name,
    organisationId: app.organisationId,
    applicationId: app.id,
    detail: auditDetail(secret),
  });
  return secret.isActive ? "reactivated" : "deactivated";
}
