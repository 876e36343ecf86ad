import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context.js";
import { managersOf } from "../people.js";
import { type Access, type ApplicationRow, authoriseApplication } from "../policy.js";
import type { ClientSecretRow } from "./find-client-secret.js";

export const ShowApplicationInput = z.object({ application: z.string().trim().min(1) });
export type ShowApplicationInput = z.infer<typeof ShowApplicationInput>;

export type SecretView = Omit<ClientSecretRow, "hash"> & { createdByEmail: string | null };

export type ApplicationDetail = {
  app: ApplicationRow;
  organisationName: string;
  access: Access;
  managers: string[];
  /** Client secrets, soonest expiry first. */
  secrets: SecretView[];
  /** Certificates the provider holds (Entra), which the bot lists and reminds about but never creates. */
  certificates: SecretView[];
};

/** One application the actor may see: its clientId, APIs, managers, every secret's and certificate's metadata (never a value). */
export async function showApplication(ctx: Ctx, raw: ShowApplicationInput): Promise<ApplicationDetail> {
  const input = ShowApplicationInput.parse(raw);
  const { app, access } = await authoriseApplication(ctx, input.application, "view");
  const { clientSecrets, organisations, people } = ctx.db.t;
  const [organisation] = await ctx.db.select().from(organisations).where(eq(organisations.id, app.organisationId));
  const credentials = await ctx.db
    .select({
      id: clientSecrets.id,
      applicationId: clientSecrets.applicationId,
      keyId: clientSecrets.keyId,
      displayName: clientSecrets.displayName,
      hint: clientSecrets.hint,
      createdAt: clientSecrets.createdAt,
      createdBy: clientSecrets.createdBy,
      expiresAt: clientSecrets.expiresAt,
      lastUsedAt: clientSecrets.lastUsedAt,
      isExternal: clientSecrets.isExternal,
      kind: clientSecrets.kind,
      deactivatedAt: clientSecrets.deactivatedAt,
      createdByEmail: people.email,
    })
    .from(clientSecrets)
    .leftJoin(people, eq(people.id, clientSecrets.createdBy))
    .where(eq(clientSecrets.applicationId, app.id))
    .orderBy(asc(clientSecrets.expiresAt));
  const managers = await managersOf(ctx.db, app);
  return {
    app,
    organisationName: organisation?.name ?? "",
    access,
    managers,
    secrets: credentials.filter((c) => c.kind === "secret"),
    certificates: credentials.filter((c) => c.kind === "certificate"),
  };
}
