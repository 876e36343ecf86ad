import { asc, eq } from "drizzle-orm";
import { applications, clientSecrets } from "../../db/schema.js";
import { type ApplicationRow, requireAdmin, systemActor } from "../access.js";
import { type Ctx, type Deps, withActor } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import type { ProviderSecret } from "../ports/secret-provider.js";
import { forgetExternalSecret, recordExternalSecret } from "./record-external-secret.js";

/**
 * Secrets younger than this are left for the next sync: a secret the bot is creating exists at the
 * provider a moment before its row does (and a row a moment before a listing taken earlier shows it).
 */
export const SYNC_GRACE_MS = 2 * 60_000;

export type SyncedSecret = { application: string; keyId: string; hint: string; displayName: string };
export type SyncOutcome = {
  applications: number;
  added: SyncedSecret[];
  removed: SyncedSecret[];
  /** Applications the provider no longer has for the bot; their secrets were left as they were. */
  missing: string[];
};

/**
 * Reconciles the database with the secret provider for every application it holds: secrets added
 * outside the bot (a portal, a script) are recorded as external, secrets removed outside are deleted,
 * each with an audit entry, so `show` and reminders are truthful. Administrators (and the system) only.
 * An application the provider no longer has is reported, never emptied. One transaction per
 * application; a provider outage throws PROVIDER_UNAVAILABLE and leaves the rest for the next sync.
 */
export async function syncClientSecrets(ctx: Ctx): Promise<SyncOutcome> {
  requireAdmin(ctx, "sync secrets with the provider");
  const provider = ctx.provider;
  if (!provider.listSecrets) throw new AppError("VALIDATION", errors.providerCannotImport(provider.name));
  const apps = ctx.db
    .select()
    .from(applications)
    .where(eq(applications.provider, provider.name))
    .orderBy(asc(applications.name))
    .all();
  const outcome: SyncOutcome = { applications: apps.length, added: [], removed: [], missing: [] };
  for (const app of apps) {
    const listedAt = ctx.clock.now();
    const remote = await provider.listSecrets(app);
    if (remote === null) {
      ctx.log.warn({ application: app.clientId }, "the provider has no such application for the bot; left unchanged");
      outcome.missing.push(app.name);
      continue;
    }
    reconcile(ctx, app, remote, listedAt, outcome);
  }
  const counts = { added: outcome.added.length, removed: outcome.removed.length, missing: outcome.missing.length };
  ctx.log.info({ applications: apps.length, ...counts }, "secrets synced with the provider");
  return outcome;
}

function reconcile(ctx: Ctx, app: ApplicationRow, remote: ProviderSecret[], listedAt: Date, outcome: SyncOutcome) {
  const settledBefore = listedAt.getTime() - SYNC_GRACE_MS;
  const entry = (s: ProviderSecret) => ({
    application: app.name,
    keyId: s.keyId,
    hint: s.hint,
    displayName: s.displayName,
  });
  ctx.db.transaction((tx) => {
    const local = tx.select().from(clientSecrets).where(eq(clientSecrets.applicationId, app.id)).all();
    const localIds = new Set(local.map((s) => s.keyId));
    const remoteIds = new Set(remote.map((s) => s.keyId));
    for (const secret of remote) {
      if (localIds.has(secret.keyId) || (secret.createdAt?.getTime() ?? 0) > settledBefore) continue;
      if (recordExternalSecret(tx, ctx, app, secret, listedAt)) outcome.added.push(entry(secret));
    }
    for (const row of local) {
      if (remoteIds.has(row.keyId) || row.createdAt.getTime() > settledBefore) continue;
      forgetExternalSecret(tx, ctx, app, row);
      outcome.removed.push(entry(row));
    }
  });
}

/**
 * The sync as the bot itself, for start-up and before each reminder pass. Does nothing (null) when
 * the provider keeps no secrets outside the bot; never throws: a failure is logged as a warning and
 * the caller goes on with what the database knows.
 */
export async function syncClientSecretsQuietly(deps: Deps): Promise<SyncOutcome | null> {
  if (!deps.provider.listSecrets) return null;
  try {
    return await syncClientSecrets(withActor(deps, systemActor()));
  } catch (error) {
    const detail = error instanceof AppError ? { code: error.code, err: error.cause } : { err: error };
    deps.log.warn(detail, "could not sync secrets with the provider; going on with what the database knows");
    return null;
  }
}
