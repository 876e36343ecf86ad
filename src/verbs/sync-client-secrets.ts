import { asc, eq } from "drizzle-orm";
import type { Lease } from "../../db/database.js";
import { type Ctx, type Deps, withActor } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { systemActor } from "../people.js";
import { type ApplicationRow, requireAdministrator } from "../policy.js";
import type { ProviderSecret } from "../ports/secret-provider.js";
import { followProvider, type SyncedSecret } from "./follow-provider.js";
import { followReportedUsage } from "./follow-usage.js";

export type { SyncedSecret };

/**
 * Secrets younger than this are left for the next sync: a secret the bot is creating exists at the
 * provider a moment before its row does (and a row a moment before a listing taken earlier shows it).
 */
export const SYNC_GRACE_MS = 2 * 60_000;

const SYNC_LEASE = "provider-sync";
const SYNC_LEASE_TTL_MS = 15 * 60_000;

export type SyncOutcome = {
  /** The provider's name in messages; it accepted the bot's credentials (a sync asks it something every time). */
  provider: string;
  applications: number;
  added: SyncedSecret[];
  removed: SyncedSecret[];
  /** Deactivated, or activated again, in the provider's own console (Okta). */
  deactivated: SyncedSecret[];
  reactivated: SyncedSecret[];
  /** Applications the provider no longer has for the bot; their secrets were left as they were. */
  missing: string[];
  /**
   * Whether the provider's usage report was read for every application (providers that report use):
   * "unreadable" when the bot lacks the permission (`usagePermission` names it), "failed" when it was
   * throttled or down. Absent where the provider reports no use.
   */
  usage?: "read" | "unreadable" | "failed";
  usagePermission?: string;
};

/**
 * Reconciles the database with the secret provider for every application it holds: secrets (and
 * certificates) added outside the bot (a portal, an admin console, a script) are recorded as external,
 * ones removed outside are deleted, a changed expiry is followed and so is a secret deactivated (or
 * activated again) in the provider's console, each with an audit entry, so
 * `show` and reminders are truthful. Administrators (and the system) only. An application the
 * provider no longer has is reported, never emptied. One transaction per
 * application; a provider outage throws PROVIDER_UNAVAILABLE and leaves the rest for the next sync.
 * With no applications to list, it checks the bot's credentials with the provider instead.
 */
export async function syncClientSecrets(ctx: Ctx): Promise<SyncOutcome> {
  await requireAdministrator(ctx, "sync secrets with the provider");
  const provider = ctx.provider;
  if (!provider.listSecrets) throw new AppError("CONFLICT", errors.providerCannotImport(provider.name));
  const { applications } = ctx.db.t;
  const apps = await ctx.db
    .select()
    .from(applications)
    .where(eq(applications.provider, provider.name))
    .orderBy(asc(applications.name));
  // With nothing to list, still ask the provider once: a wrong credential shows now, not at the first import.
  if (apps.length === 0) await provider.checkAccess?.();
  const outcome: SyncOutcome = {
    provider: provider.label,
    applications: apps.length,
    added: [],
    removed: [],
    deactivated: [],
    reactivated: [],
    missing: [],
  };
  for (const app of apps) {
    const listedAt = ctx.clock.now();
    const remote = await provider.listSecrets(app);
    if (remote === null) {
      ctx.log.warn({ application: app.clientId }, "the provider has no such application for the bot; left unchanged");
      outcome.missing.push(app.name);
      continue;
    }
    const changes = await reconcile(ctx, app, remote, listedAt);
    const usage = await followReportedUsage(ctx, app);
    if (usage.state === "unreadable") outcome.usagePermission = usage.permission;
    if (usage.state !== "not-reported") outcome.usage = worse(outcome.usage, usage.state);
    outcome.added.push(...changes.added);
    outcome.removed.push(...changes.removed);
    outcome.deactivated.push(...changes.deactivated);
    outcome.reactivated.push(...changes.reactivated);
  }
  const counts = {
    added: outcome.added.length,
    removed: outcome.removed.length,
    deactivated: outcome.deactivated.length,
    reactivated: outcome.reactivated.length,
    missing: outcome.missing.length,
  };
  ctx.log.info({ applications: apps.length, ...counts }, "secrets synced with the provider");
  return outcome;
}

/** The worse of two readings of the usage report: unreadable, then failed, then read. */
const worse = (a: SyncOutcome["usage"], b: "read" | "failed" | "unreadable"): SyncOutcome["usage"] =>
  a === "unreadable" || b === "unreadable" ? "unreadable" : a === "failed" || b === "failed" ? "failed" : "read";

/** One application's credentials made to match the provider's list, in one transaction; returns what changed. */
function reconcile(ctx: Ctx, app: ApplicationRow, remote: ProviderSecret[], listedAt: Date) {
  const settledBefore = listedAt.getTime() - SYNC_GRACE_MS;
  return ctx.db.transaction((tx) =>
    followProvider(tx, ctx, app, remote, { now: listedAt, settledBefore, removedAction: "secret.external_removed" }),
  );
}

/**
 * The sync as the bot itself, for start-up and before each reminder pass. Does nothing (null) when
 * the provider keeps no secrets outside the bot; never throws: a failure is logged as a warning and
 * the caller goes on with what the database knows.
 */
export async function syncClientSecretsQuietly(deps: Deps): Promise<SyncOutcome | null> {
  if (!deps.provider.listSecrets) return null;
  let lease: Lease | null = null;
  try {
    // One replica syncs at a time; the others go on with what the database knows.
    lease = await deps.db.acquireLease(SYNC_LEASE, deps.clock.now(), SYNC_LEASE_TTL_MS);
    if (!lease) {
      deps.log.info("another process is syncing secrets with the provider");
      return null;
    }
    return await syncClientSecrets(withActor(deps, systemActor()));
  } catch (error) {
    const detail = error instanceof AppError ? { code: error.code, err: error.cause } : { err: error };
    deps.log.warn(detail, "could not sync secrets with the provider; going on with what the database knows");
    return null;
  } finally {
    await lease?.release().catch(() => {});
  }
}
