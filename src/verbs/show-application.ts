import { and, asc, eq, or } from "drizzle-orm";
import { z } from "zod";
import { isActiveGrant } from "../active-grants.js";
import type { Ctx, Surface } from "../context.js";
import { reference } from "../names.js";
import { type Access, type ApplicationRow, authoriseApplication } from "../policy.js";
import { isUsageKnown } from "../rotation.js";
import type { ClientSecretRow } from "./find-client-secret.js";
import { type RotationView, rotationsOf } from "./rotations.js";

export const ShowApplicationInput = z.object({ application: reference("application (its name or clientId)") });
export type ShowApplicationInput = z.infer<typeof ShowApplicationInput>;

export type GrantView = { email: string; role: "manager" | "viewer"; endsAt: Date | null };

/** The grants in force on the application or its organisation, by e-mail. */
async function grantsReaching(ctx: Ctx, app: ApplicationRow): Promise<GrantView[]> {
  const { accessGrants, people } = ctx.db.t;
  return ctx.db
    .select({ email: people.email, role: accessGrants.role, endsAt: accessGrants.endsAt })
    .from(accessGrants)
    .innerJoin(people, eq(people.id, accessGrants.personId))
    .where(
      and(
        or(eq(accessGrants.applicationId, app.id), eq(accessGrants.organisationId, app.organisationId)),
        isActiveGrant(accessGrants, ctx.clock.now()),
      ),
    )
    .orderBy(asc(people.email));
}

export type SecretView = Omit<ClientSecretRow, "hash" | "unusedNoticeAt"> & {
  createdByEmail: string | null;
  /** Whether anything is known of its use (see src/rotation.ts): the provider may report none. */
  usageKnown: boolean;
};

export type ApplicationDetail = {
  app: ApplicationRow;
  organisationName: string;
  access: Access;
  /** Whether the one asking is an administrator, and where they asked: what to tell them to do differs. */
  isAdmin: boolean;
  surface: Surface;
  managers: string[];
  /** Every grant in force that reaches the application (its own and its organisation's), with its end. */
  grants: GrantView[];
  /** Client secrets, soonest expiry first. */
  secrets: SecretView[];
  /** Certificates the provider holds (Entra), which the bot lists and reminds about but never creates. */
  certificates: SecretView[];
  /** The application's latest rotation, read now; absent when no secret ever took over from another. */
  rotation?: RotationView;
  /** How long older secrets must go unused to count as idle (ROTATION_IDLE_HOURS). */
  rotationIdleHours: number;
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
      firstUsedAt: clientSecrets.firstUsedAt,
      lastUsedAt: clientSecrets.lastUsedAt,
      lastUsedFrom: clientSecrets.lastUsedFrom,
      usageReportedAt: clientSecrets.usageReportedAt,
      isExternal: clientSecrets.isExternal,
      kind: clientSecrets.kind,
      deactivatedAt: clientSecrets.deactivatedAt,
      deactivatedBy: clientSecrets.deactivatedBy,
      createdByEmail: people.email,
    })
    .from(clientSecrets)
    .leftJoin(people, eq(people.id, clientSecrets.createdBy))
    .where(eq(clientSecrets.applicationId, app.id))
    .orderBy(asc(clientSecrets.expiresAt))
    .then((rows) => rows.map((c) => ({ ...c, usageKnown: isUsageKnown(ctx.provider.capabilities, c) })));
  const grants = await grantsReaching(ctx, app);
  // The credential managers are the people among those grants with a manager one (already by e-mail).
  const managers = [...new Set(grants.filter((g) => g.role === "manager").map((g) => g.email))];
  const [rotation] = await rotationsOf(ctx, [app], ctx.clock.now());
  return {
    ...(rotation ? { rotation } : {}),
    rotationIdleHours: ctx.config.rotationIdleHours,
    app,
    organisationName: organisation?.name ?? "",
    access,
    isAdmin: ctx.actor.isAdmin,
    surface: ctx.actor.surface,
    managers,
    grants,
    secrets: credentials.filter((c) => c.kind === "secret"),
    certificates: credentials.filter((c) => c.kind === "certificate"),
  };
}
