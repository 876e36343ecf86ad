import { and, asc, eq, isNull, lte } from "drizzle-orm";
import { writeAudit } from "../audit.js";
import { type Ctx, type Deps, withActor } from "../context.js";
import { AppError } from "../errors.js";
import { systemActor } from "../people.js";
import { requireAdministrator } from "../policy.js";
import { auditDetail, forgetExternalSecret } from "./record-external-secret.js";

export type DeactivationOutcome = {
  deactivated: { application: string; keyId: string; hint: string }[];
  /** Secrets the provider no longer had; their rows were removed. */
  gone: number;
  /** Secrets the provider would not deactivate now (e.g. Okta keeps an application's only secret); tried again next pass. */
  failed: number;
};

/**
 * Ends secrets at the expiry the bot set, where the provider's secrets never expire by themselves
 * (Okta): each expired, still active secret is deactivated at the provider, then marked with its audit
 * entry in one transaction. Runs in the reminder pass, which holds its lease, and marks a row only while
 * it is unmarked, so each secret is deactivated once; the pass then tells its managers (`deactivated`).
 * Administrators and the system only. An outage stops the run; the rest waits for the next pass.
 */
async function deactivateExpiredSecrets(ctx: Ctx): Promise<DeactivationOutcome> {
  await requireAdministrator(ctx, "deactivate expired secrets");
  const outcome: DeactivationOutcome = { deactivated: [], gone: 0, failed: 0 };
  const { provider } = ctx;
  if (!provider.capabilities.isExpiryEnforcedByBot || !provider.deactivateSecret) return outcome;
  const now = ctx.clock.now();
  const { applications, clientSecrets } = ctx.db.t;
  const due = await ctx.db
    .select({ secret: clientSecrets, app: applications })
    .from(clientSecrets)
    .innerJoin(applications, eq(applications.id, clientSecrets.applicationId))
    .where(
      and(
        eq(applications.provider, provider.name),
        eq(clientSecrets.kind, "secret"),
        lte(clientSecrets.expiresAt, now),
        isNull(clientSecrets.deactivatedAt),
      ),
    )
    .orderBy(asc(clientSecrets.expiresAt));
  for (const { secret, app } of due) {
    let result: "deactivated" | "gone";
    try {
      result = await provider.deactivateSecret(app, secret.keyId);
    } catch (error) {
      // An outage (or a refused account) stops the run; a refusal of this one secret is tried again next pass.
      if (!(error instanceof AppError) || error.code === "PROVIDER_UNAVAILABLE") throw error;
      ctx.log.warn(
        { err: error, application: app.clientId, keyId: secret.keyId },
        "could not deactivate an expired secret",
      );
      outcome.failed += 1;
      continue;
    }
    await ctx.db.transaction(async (tx) => {
      if (result === "gone") {
        await forgetExternalSecret(tx, ctx, app, secret);
        outcome.gone += 1;
        return;
      }
      const marked = await tx
        .update(clientSecrets)
        .set({ deactivatedAt: now, deactivatedBy: "bot" })
        .where(and(eq(clientSecrets.id, secret.id), isNull(clientSecrets.deactivatedAt)))
        .returning({ id: clientSecrets.id });
      if (marked.length === 0) return;
      await writeAudit(tx, ctx, {
        action: "secret.deactivated",
        target: app.name,
        organisationId: app.organisationId,
        applicationId: app.id,
        detail: { ...auditDetail(secret), reason: "reached the expiry the bot set" },
      });
      outcome.deactivated.push({ application: app.name, keyId: secret.keyId, hint: secret.hint });
    });
  }
  if (due.length > 0) {
    const { gone, failed } = outcome;
    ctx.log.info({ deactivated: outcome.deactivated.length, gone, failed }, "expired secrets deactivated");
  }
  return outcome;
}

/**
 * The deactivation as the bot itself, in the reminder pass before planning (so the same pass tells the
 * managers). Never throws: a failure is a warning, and the next pass tries again.
 */
export async function deactivateExpiredSecretsQuietly(deps: Deps): Promise<DeactivationOutcome | null> {
  try {
    return await deactivateExpiredSecrets(withActor(deps, systemActor()));
  } catch (error) {
    const detail = error instanceof AppError ? { code: error.code, err: error.cause } : { err: error };
    deps.log.warn(detail, "could not deactivate expired secrets; the next reminder pass tries again");
    return null;
  }
}
