/**
 * Retiring: deleting the older secrets of a rotation once the evidence says nothing uses them (INTERFACE.md,
 * "Rotation"). The bot does it itself (`--retire auto`) or a manager does it with the Delete button of the
 * bot's question (`ask`); both come here, where the evidence is read again inside the transaction that
 * deletes, so a use recorded meanwhile stops it.
 */
import { and, eq, gt, inArray, isNull, notInArray } from "drizzle-orm";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { isoDate } from "../messages/format.js";
import type { ApplicationRow } from "../policy.js";
import { readRotation } from "../rotation.js";
import { followProvider } from "./follow-provider.js";
import { type RotationSecret, type RotationView, rotationsOf } from "./rotations.js";

export type RetireOutcome =
  | { kind: "retired"; rotation: RotationView; retired: RotationSecret[] }
  /** Already deleted (by a click before, the bot, a person, the provider) or no rotation left to retire from. */
  | { kind: "gone" }
  /** Used within ROTATION_IDLE_HOURS (or the newer one not long enough): not idle. */
  | { kind: "in-use"; secret: RotationSecret; rotation: RotationView }
  /** The newer secret was never used: nothing has switched yet. */
  | { kind: "waiting"; secret: RotationSecret; rotation: RotationView }
  /** Nothing is known of their use: never retired on that. */
  | { kind: "unknown"; secret: RotationSecret; rotation: RotationView }
  /** The secret named is still there but is no older secret of the application's rotation (e.g. the newer one). */
  | { kind: "not-older" }
  /** Deleting would leave the application without an unexpired secret. */
  | { kind: "last"; secret: RotationSecret };

export type RetireInput = {
  /** The rotation the caller read; a newer rotation since, or a different one, means nothing is done. */
  rotationId?: number;
  /** The older secrets to retire (a button names one); all of the rotation's when absent. */
  keyIds?: string[];
  /** Runs in the transaction once the rows are gone, before the provider is asked (the bot's notice to the managers). */
  onRetired?: (outcome: Extract<RetireOutcome, { kind: "retired" }>) => Promise<unknown>;
};

/**
 * Retires idle older secrets of the application's rotation. The caller has authorised the actor (a
 * manager's click) or is the bot. Order, inside one transaction: read the evidence, delete the rows,
 * mark the rotation, audit `secret.retired` with the evidence, then delete at the provider last, so a
 * refusal rolls everything back (the rotation stays idle, to be tried again) and a crash after the
 * provider's deletion leaves rows that the next try finishes (a key already gone counts as removed).
 * On PostgreSQL the transaction is serializable: a use written in between makes it run again, and the
 * fresh read stops it. On SQLite the transaction holds the write lock for the provider's answer.
 */
export async function retireOlderSecrets(ctx: Ctx, app: ApplicationRow, input: RetireInput): Promise<RetireOutcome> {
  const { clientSecrets: s, rotations: r } = ctx.db.t;
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [rotation] = await rotationsOf(ctx, [app], now);
    if (!rotation || (input.rotationId !== undefined && rotation.id !== input.rotationId)) return { kind: "gone" };
    const wanted = input.keyIds ?? rotation.olders.map((o) => o.keyId);
    const olders = rotation.olders.filter((o) => wanted.includes(o.keyId));
    if (olders.length === 0) {
      const held = await tx
        .select({ id: s.id })
        .from(s)
        .where(
          and(eq(s.applicationId, app.id), inArray(s.keyId, wanted), isNull(s.deactivatedAt), gt(s.expiresAt, now)),
        );
      return held.length > 0 ? { kind: "not-older" } : { kind: "gone" };
    }
    const evidence = { newer: rotation.newer, now, idleHours: ctx.config.rotationIdleHours };
    const reading = readRotation({ ...evidence, olders, capabilities: ctx.provider.capabilities });
    if (reading.state === "unknown") return { kind: "unknown", secret: olders[0] as RotationSecret, rotation };
    if (reading.state === "waiting") return { kind: "waiting", secret: olders[0] as RotationSecret, rotation };
    if (reading.state !== "idle") {
      const latest = olders.reduce((a, b) =>
        (a.lastUsedAt?.getTime() ?? 0) >= (b.lastUsedAt?.getTime() ?? 0) ? a : b,
      );
      return { kind: "in-use", secret: latest, rotation };
    }
    // Never the application's last unexpired secret: another one must stay working.
    const ids = olders.map((o) => o.id);
    const others = await tx
      .select({ id: s.id })
      .from(s)
      .where(
        and(
          eq(s.applicationId, app.id),
          eq(s.kind, "secret"),
          notInArray(s.id, ids),
          gt(s.expiresAt, now),
          isNull(s.deactivatedAt),
        ),
      );
    if (others.length === 0) return { kind: "last", secret: olders[0] as RotationSecret };

    const deleted = await tx.delete(s).where(inArray(s.id, ids)).returning({ id: s.id });
    if (deleted.length !== ids.length) return { kind: "gone" };
    if (olders.length === rotation.olders.length) {
      await tx
        .update(r)
        .set({ retiredAt: now })
        .where(and(eq(r.id, rotation.id), isNull(r.retiredAt)));
    }
    for (const older of olders) {
      await writeAudit(tx, ctx, {
        action: "secret.retired",
        target: app.name,
        organisationId: app.organisationId,
        applicationId: app.id,
        detail: retiredDetail(older, rotation.newer, ctx.config.rotationIdleHours),
      });
    }
    const outcome = { kind: "retired" as const, rotation, retired: olders };
    await input.onRetired?.(outcome);
    // The provider last: its refusal (thrown) rolls back everything above.
    for (const older of olders) {
      const deletion = await ctx.provider.deleteSecret(app, older.keyId);
      if (deletion.remaining) {
        const options = { now, settledBefore: null, except: [older.keyId] } as const;
        await followProvider(tx, ctx, app, deletion.remaining, { ...options, removedAction: "secret.ended" });
      }
    }
    ctx.log.info(
      { application: app.clientId, keyIds: olders.map((o) => o.keyId), actor: ctx.actor.name },
      "older secrets of a rotation retired",
    );
    return outcome;
  });
}

/** The evidence an audit entry of a retirement keeps: dates and the last caller's address, never a value. */
function retiredDetail(older: RotationSecret, newer: RotationSecret, idleHours: number) {
  return {
    keyId: older.keyId,
    hint: older.hint,
    displayName: older.displayName,
    expiresOn: isoDate(older.expiresAt),
    lastUsedAt: older.lastUsedAt?.toISOString() ?? null,
    lastUsedFrom: older.lastUsedFrom,
    idleHours,
    newer: {
      keyId: newer.keyId,
      hint: newer.hint,
      firstUsedAt: (newer.firstUsedAt ?? newer.lastUsedAt)?.toISOString() ?? null,
      lastUsedAt: newer.lastUsedAt?.toISOString() ?? null,
    },
  };
}
