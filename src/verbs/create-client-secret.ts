import { and, count, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Db, Query } from "../../db/database.js";
import { retireChoices } from "../../db/vocabulary.js";
import { writeAudit } from "../audit.js";
import { Calendar } from "../calendar.js";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { resolveExpiry } from "../expiry.js";
import { errors } from "../messages/errors.js";
import { isoDate } from "../messages/format.js";
import { nameText, reference } from "../names.js";
import { type ApplicationRow, authoriseApplication, requirePerson } from "../policy.js";
import type { CreatedSecret } from "../ports/secret-provider.js";
import type { SecretReveal } from "../reply.js";
import { followProvider, type SyncedSecret } from "./follow-provider.js";
import { requireAcknowledged, roomForSecret } from "./provider-room.js";
import { startRotation } from "./rotations.js";

export const DISPLAY_NAME_MAX = 100;

export const CreateSecretInput = z.object({
  application: reference("application (its name or clientId)"),
  /** Blank means the suggested name. */
  displayName: z.preprocess(
    (name) => (typeof name === "string" && name.trim() === "" ? undefined : name),
    nameText("The display name", DISPLAY_NAME_MAX).optional(),
  ),
  expires: z.string().optional(),
  /** The key id of the secret the person agreed this one ends (Keycloak keeps one previous secret). */
  replacing: z.string().trim().min(1, errors.badReplacing).max(200, errors.badReplacing).optional(),
  /** What happens to the older secrets once idle, if this secret starts a rotation (default: ask). */
  retire: z.enum(retireChoices, { error: errors.badRetire }).optional(),
});
export type CreateSecretInput = z.infer<typeof CreateSecretInput>;

/** The name suggested for a new secret: "Secret by <name>". */
export const suggestedDisplayName = (ctx: Ctx): string =>
  `Secret by ${ctx.actor.displayName?.trim() || ctx.actor.name.split("@")[0]}`;

/** The longest lifetime a new secret may get: configuration, never above the provider's own cap. */
export const maxLifetimeDays = (deps: Pick<Ctx, "config" | "provider">): number =>
  Math.min(deps.config.secretMaxLifetimeDays, deps.provider.maxLifetimeDays);

/** Unexpired client secrets (not certificates) of an application: what SECRET_MAX_ACTIVE limits. */
async function countActive(db: Db, applicationId: number, now: Date): Promise<number> {
  const { clientSecrets } = db.t;
  const [row] = await db
    .select({ n: count() })
    .from(clientSecrets)
    .where(
      and(
        eq(clientSecrets.applicationId, applicationId),
        eq(clientSecrets.kind, "secret"),
        gt(clientSecrets.expiresAt, now),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Creates a client secret for an application the actor manages. Provider first, then the row and its
 * audit entry in one transaction; if that fails the secret is removed at the provider again, so a
 * failure never leaves a secret nobody knows about. The value is returned once and stored nowhere.
 * Where the provider is full it is refused (Okta), or, where creating ends an unexpired secret
 * (Keycloak), it goes ahead only when the person named that secret in `replacing`.
 */
export async function createClientSecret(ctx: Ctx, raw: CreateSecretInput): Promise<SecretReveal> {
  const input = CreateSecretInput.parse(raw);
  const person = requirePerson(ctx, "create a secret");
  const { app } = await authoriseApplication(ctx, input.application, "manage");
  const now = ctx.clock.now();
  const displayName = input.displayName || suggestedDisplayName(ctx);
  const expiresAt = resolveExpiry(input.expires, { calendar: Calendar.of(ctx), maxDays: maxLifetimeDays(ctx) });
  const max = ctx.config.secretMaxActive;
  if ((await countActive(ctx.db, app.id, now)) >= max)
    throw new AppError("CONFLICT", errors.tooManyActive(app.name, max, ctx.actor.surface));
  const room = await roomForSecret(ctx, app, now);
  await requireAcknowledged(ctx, app, room, input.replacing);

  const created = await ctx.provider.createSecret(app, { displayName, expiresAt, now });
  let ended: SyncedSecret[] = [];
  try {
    await ctx.db.transaction(async (tx: Query) => {
      // Checked again inside the write transaction (serialised, so two concurrent creates cannot both pass).
      if ((await countActive(ctx.db, app.id, now)) >= max) {
        throw new AppError("CONFLICT", errors.tooManyActive(app.name, max, ctx.actor.surface));
      }
      const [row] = await tx
        .insert(ctx.db.t.clientSecrets)
        .values({
          applicationId: app.id,
          keyId: created.keyId,
          displayName,
          hint: created.hint,
          hash: created.hash,
          createdAt: now,
          createdBy: person.personId,
          expiresAt: created.expiresAt,
        })
        .returning({ id: ctx.db.t.clientSecrets.id });
      if (!row) throw new Error("the new secret's row was not written");
      await writeAudit(tx, ctx, {
        action: "secret.created",
        target: app.name,
        organisationId: app.organisationId,
        applicationId: app.id,
        detail: { keyId: created.keyId, hint: created.hint, displayName, expiresOn: isoDate(created.expiresAt) },
      });
      ended = await followAlong(tx, ctx, app, created, now);
      const newer = { id: row.id, keyId: created.keyId };
      await startRotation(tx, ctx, {
        applicationId: app.id,
        newer,
        now,
        ...(input.retire ? { retire: input.retire } : {}),
      });
    });
  } catch (error) {
    await ctx.provider.deleteSecret(app, created.keyId).catch((undoError: unknown) => {
      ctx.log.error({ err: undoError, keyId: created.keyId }, "could not undo a secret at the provider");
    });
    throw error;
  }
  ctx.log.info({ application: app.clientId, keyId: created.keyId, hint: created.hint }, "client secret created");
  return {
    value: created.value,
    hint: created.hint,
    keyId: created.keyId,
    displayName,
    applicationName: app.name,
    clientId: app.clientId,
    expiresAt: created.expiresAt,
    ...(ended.length > 0 ? { ended: ended.map((s) => ({ hint: s.hint, displayName: s.displayName })) } : {}),
  };
}

/** What the provider changed along with the new secret (Keycloak: the previous one rotated, the one before ended). */
async function followAlong(
  tx: Query,
  ctx: Ctx,
  app: ApplicationRow,
  created: CreatedSecret,
  now: Date,
): Promise<SyncedSecret[]> {
  if (!created.remaining) return [];
  const followed = await followProvider(tx, ctx, app, created.remaining, {
    now,
    settledBefore: null,
    except: [created.keyId],
    removedAction: "secret.ended",
  });
  return followed.removed;
}
