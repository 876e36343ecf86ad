/**
 * Whether the provider has room for one more secret of an application, from its capabilities: Okta
 * refuses a third (the person deletes one first), Keycloak ends the previous one (the person is asked
 * first, and goes ahead by naming it). The core never asks which provider it is.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Ctx } from "../context.js";
import { AppError } from "../errors.js";
import { errors } from "../messages/errors.js";
import { endingNotice } from "../messages/provider.js";
import type { ApplicationRow } from "../policy.js";
import type { ClientSecretRow } from "./find-client-secret.js";

/**
 * Creating now would end these unexpired secrets; the person goes ahead by naming them (`--replacing`).
 * Its message says so for the CLI; chat asks with a button instead (src/commands/create-form.ts).
 */
export class SecretsWouldEnd extends AppError {
  constructor(
    readonly ending: ClientSecretRow[],
    readonly notice: string,
  ) {
    super("CONFLICT", `${notice} ${errors.goAheadReplacing(ending.map((s) => s.keyId).join(","))}`);
  }
}

/** The application's client secrets (not certificates), oldest first. */
export async function secretsOf(ctx: Ctx, app: Pick<ApplicationRow, "id">): Promise<ClientSecretRow[]> {
  const { clientSecrets } = ctx.db.t;
  return ctx.db
    .select()
    .from(clientSecrets)
    .where(and(eq(clientSecrets.applicationId, app.id), eq(clientSecrets.kind, "secret")))
    .orderBy(asc(clientSecrets.createdAt), asc(clientSecrets.id));
}

export type Room = {
  /** Unexpired secrets that creating now ends at the provider. */
  ending: ClientSecretRow[];
  /** What to tell the person about them, before (form) or instead of (typed command) creating. */
  notice: string | null;
};

/**
 * Checks there is room for a new secret: throws CONFLICT when the provider is full and refuses more;
 * otherwise says which unexpired secrets creating now would end (none for most providers).
 */
export async function roomForSecret(ctx: Ctx, app: ApplicationRow, now: Date): Promise<Room> {
  const { provider } = ctx;
  const { maxSecrets, isEndingOldestWhenFull } = provider.capabilities;
  if (maxSecrets === null) return { ending: [], notice: null };
  const held = await secretsOf(ctx, app);
  if (!isEndingOldestWhenFull) {
    if (held.length >= maxSecrets)
      throw new AppError("CONFLICT", errors.providerFull(provider.label, app.name, maxSecrets));
    return { ending: [], notice: null };
  }
  const plan = provider.planCreate ? await provider.planCreate(app) : { ends: [], keepsPrevious: true };
  const ending = held.filter((s) => plan.ends.includes(s.keyId) && s.expiresAt > now);
  return { ending, notice: ending.length > 0 ? endingNotice(provider.label, plan, ending) : null };
}

/**
 * Refuses to end unexpired secrets the person did not name (`replacing`: their key ids, as the button
 * and form send them). Where nothing would end, a `replacing` is refused too (naming no secret of the
 * application, or one that creating does not end): a mistyped key id is never silently ignored.
 */
export async function requireAcknowledged(
  ctx: Ctx,
  app: ApplicationRow,
  room: Room,
  replacing: string | undefined,
): Promise<void> {
  const named = (replacing ?? "").split(",").filter((id) => id !== "");
  if (room.ending.length === 0 || room.notice === null) {
    if (named.length === 0) return;
    const held = new Set((await secretsOf(ctx, app)).map((s) => s.keyId));
    const unknown = named.find((id) => !held.has(id));
    if (unknown !== undefined)
      throw new AppError("VALIDATION", errors.replacingUnknown(unknown, app.name, ctx.actor.surface));
    throw new AppError("VALIDATION", errors.replacingNotNeeded(named.join(","), app.name));
  }
  // Naming other key ids than those that end now (a stale form, a double click) asks again: see goAheadAction.
  if (room.ending.every((s) => named.includes(s.keyId))) return;
  throw new SecretsWouldEnd(room.ending, room.notice);
}
