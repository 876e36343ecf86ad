import { eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Query } from "../../db/database.js";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { reference, withoutControlCharacters } from "../names.js";
import { requireAdministrator } from "../policy.js";
import type { ProviderApplicationRecord } from "../ports/secret-provider.js";
import { findOrganisation } from "./find-organisation.js";
import { recordExternalSecret } from "./record-external-secret.js";

export const ImportApplicationsInput = z.object({
  organisation: reference("organisation to import into"),
  filter: z.string().trim().min(1, errors.blankFilter).max(2000, errors.filterTooLong).optional(),
});
export type ImportApplicationsInput = z.infer<typeof ImportApplicationsInput>;

export type ImportedApplication = { name: string; clientId: string; secrets: number };
export type SkippedApplication = { name: string; clientId: string; reason: "registered" | "name_taken" };
export type ImportOutcome = { organisation: string; added: ImportedApplication[]; skipped: SkippedApplication[] };

/**
 * An application name from a provider's display name: no spaces or quotes (they break chat commands),
 * no control characters (see src/names.ts).
 */
export const applicationNameFor = (record: Pick<ProviderApplicationRecord, "displayName" | "clientId">): string =>
  withoutControlCharacters(record.displayName)
    .trim()
    .replace(/["'“”‘’]/g, "")
    .replace(/\s+/g, "-")
    .slice(0, 100) || record.clientId;

/**
 * Registers the provider's applications matching `filter` as applications of an organisation
 * (clientId = the provider's id for clients, providerRef = its own reference), recording their
 * existing secrets as created outside the bot. Administrators only. Already registered ones (or
 * whose name is taken) are skipped and reported, never changed. One transaction with its audit
 * entries, after the provider answered: a provider outage changes nothing.
 */
export async function importApplications(ctx: Ctx, raw: ImportApplicationsInput): Promise<ImportOutcome> {
  await requireAdministrator(ctx, "import applications");
  const input = ImportApplicationsInput.parse(raw);
  const org = await findOrganisation(ctx.db, input.organisation, ctx.actor.surface);
  if (!ctx.provider.findApplications) {
    throw new AppError("CONFLICT", errors.providerCannotImport(ctx.provider.name));
  }
  const found = await ctx.provider.findApplications(input.filter);
  const now = ctx.clock.now();
  const outcome: ImportOutcome = { organisation: org.name, added: [], skipped: [] };
  const { applications } = ctx.db.t;
  await ctx.db.transaction(async (tx) => {
    outcome.added = [];
    outcome.skipped = [];
    for (const record of [...found].sort((a, b) => a.displayName.localeCompare(b.displayName))) {
      const name = applicationNameFor(record);
      const reason = await clashWith(ctx, tx, record.clientId, name);
      if (reason) {
        outcome.skipped.push({ name, clientId: record.clientId, reason });
        continue;
      }
      const [app] = await tx
        .insert(applications)
        .values({
          organisationId: org.id,
          name,
          clientId: record.clientId,
          apis: [],
          provider: ctx.provider.name,
          providerRef: record.providerRef,
          createdAt: now,
        })
        .returning();
      if (!app) throw new Error("the application row was not written");
      await writeAudit(tx, ctx, {
        action: "application.imported",
        target: app.name,
        organisationId: org.id,
        applicationId: app.id,
        detail: { clientId: app.clientId, providerRef: record.providerRef, secrets: record.secrets.length },
      });
      let recorded = 0;
      for (const secret of record.secrets)
        if ((await recordExternalSecret(tx, ctx, app, secret, now)) !== null) recorded++;
      outcome.added.push({ name: app.name, clientId: app.clientId, secrets: recorded });
    }
  });
  ctx.log.info({ organisation: org.name, added: outcome.added.length, skipped: outcome.skipped.length }, "imported");
  return outcome;
}

/** Why an application with this clientId or name (case-insensitive) cannot be added, if it cannot. */
async function clashWith(
  ctx: Ctx,
  tx: Query,
  clientId: string,
  name: string,
): Promise<SkippedApplication["reason"] | null> {
  const { applications } = ctx.db.t;
  const rows = await tx
    .select({ clientId: applications.clientId })
    .from(applications)
    .where(or(eq(applications.clientId, clientId), sql`lower(${applications.name}) = lower(${name})`));
  if (rows.some((r) => r.clientId === clientId)) return "registered";
  return rows.length > 0 ? "name_taken" : null;
}
