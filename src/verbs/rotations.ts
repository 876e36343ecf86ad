/**
 * Rotations: started when a secret arrives while its application holds other unexpired secrets, and
 * read at a moment from the evidence of use (src/rotation.ts). An application's rotation is its latest
 * one: a newer rotation takes over the older secrets of the one before.
 */
import { and, desc, eq, gt, inArray, isNull, ne } from "drizzle-orm";
import type { Db, Query } from "../../db/database.js";
import type { RetireChoice } from "../../db/vocabulary.js";
import type { Config } from "../config.js";
import type { Ctx } from "../context.js";
import type { ApplicationRow } from "../policy.js";
import type { SecretProvider } from "../ports/secret-provider.js";
import { type RotationState, readRotation, type Usage } from "../rotation.js";
import { visibleApplications } from "./visible-applications.js";

/**
 * Starts a rotation of the application's other unexpired secrets by the secret just recorded
 * (`newer`), inside the caller's transaction; nothing when it has no other.
 */
export async function startRotation(
  tx: Query,
  ctx: Pick<Ctx, "db">,
  input: { applicationId: number; newer: { id: number; keyId: string }; retire?: RetireChoice; now: Date },
): Promise<boolean> {
  const { clientSecrets: s, rotations } = ctx.db.t;
  const olders = await tx
    .select({ keyId: s.keyId })
    .from(s)
    .where(
      and(
        eq(s.applicationId, input.applicationId),
        eq(s.kind, "secret"),
        ne(s.id, input.newer.id),
        gt(s.expiresAt, input.now),
        isNull(s.deactivatedAt),
      ),
    );
  if (olders.length === 0) return false;
  await tx.insert(rotations).values({
    applicationId: input.applicationId,
    newerSecretId: input.newer.id,
    olderKeyIds: olders.map((o) => o.keyId),
    retire: input.retire ?? "ask",
    startedAt: input.now,
  });
  return true;
}

export type RotationSecret = Usage & {
  id: number;
  keyId: string;
  hint: string;
  displayName: string;
  expiresAt: Date;
  lastUsedFrom: string | null;
};

export type RotationView = {
  id: number;
  application: Pick<ApplicationRow, "id" | "name" | "clientId" | "organisationId" | "provider">;
  newer: RotationSecret;
  /** The older secrets still left at the moment asked about. */
  olders: RotationSecret[];
  state: RotationState;
  idleFrom: Date | null;
  retire: RetireChoice;
  startedAt: Date;
  askedAt: Date | null;
  retiredAt: Date | null;
};

/** What reading rotations needs: the database, ROTATION_IDLE_HOURS and where the provider's evidence comes from. */
export type RotationDeps = {
  db: Db;
  config: Pick<Config, "rotationIdleHours">;
  provider: Pick<SecretProvider, "capabilities">;
};

/** The latest rotation of each of these applications, read as of `now`. */
export async function rotationsOf(
  ctx: RotationDeps,
  apps: readonly Pick<ApplicationRow, "id" | "name" | "clientId" | "organisationId" | "provider">[],
  now: Date,
): Promise<RotationView[]> {
  if (apps.length === 0) return [];
  const { clientSecrets: s, rotations: r } = ctx.db.t;
  const ids = apps.map((a) => a.id);
  const started = await ctx.db
    .select()
    .from(r)
    .where(inArray(r.applicationId, ids))
    .orderBy(desc(r.startedAt), desc(r.id));
  const latest = new Map<number, (typeof started)[number]>();
  for (const row of started) if (!latest.has(row.applicationId)) latest.set(row.applicationId, row);
  if (latest.size === 0) return [];
  const secrets = await ctx.db
    .select({
      id: s.id,
      applicationId: s.applicationId,
      keyId: s.keyId,
      hint: s.hint,
      displayName: s.displayName,
      expiresAt: s.expiresAt,
      deactivatedAt: s.deactivatedAt,
      firstUsedAt: s.firstUsedAt,
      lastUsedAt: s.lastUsedAt,
      lastUsedFrom: s.lastUsedFrom,
      usageReportedAt: s.usageReportedAt,
    })
    .from(s)
    .where(inArray(s.applicationId, [...latest.keys()]));
  const views: RotationView[] = [];
  for (const app of apps) {
    const rotation = latest.get(app.id);
    const own = secrets.filter((x) => x.applicationId === app.id);
    const newer = own.find((x) => x.id === rotation?.newerSecretId);
    if (!rotation || !newer) continue;
    const olders = own.filter(
      (x) =>
        rotation.olderKeyIds.includes(x.keyId) && x.expiresAt.getTime() > now.getTime() && x.deactivatedAt === null,
    );
    const reading = readRotation({
      newer,
      olders,
      now,
      idleHours: ctx.config.rotationIdleHours,
      capabilities: ctx.provider.capabilities,
    });
    views.push({
      id: rotation.id,
      application: app,
      newer,
      olders,
      ...reading,
      retire: rotation.retire,
      startedAt: rotation.startedAt,
      askedAt: rotation.askedAt,
      retiredAt: rotation.retiredAt,
    });
  }
  return views;
}

/** The rotations of the applications the actor may see (or just `application`), as of `now`. */
export async function listRotations(ctx: Ctx, input: { application?: string; now: Date }): Promise<RotationView[]> {
  const visible = await visibleApplications(ctx);
  const wanted = input.application?.trim().toLowerCase();
  const apps = wanted
    ? visible.filter((a) => a.name.toLowerCase() === wanted || a.clientId.toLowerCase() === wanted)
    : visible;
  return rotationsOf(ctx, apps, input.now);
}
