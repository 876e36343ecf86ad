import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Query, Schema } from "../../db/database.js";
import { type Role, roles } from "../../db/vocabulary.js";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { grantEndsAt } from "../grant-end.js";
import { isoDate } from "../messages/format.js";
import { reference } from "../names.js";
import { ensurePerson, managersOf, parseEmail } from "../people.js";
import { requireAdministrator, strongerRole } from "../policy.js";
import { type GrantTarget, type GrantTargetRef, resolveGrantTarget } from "./resolve-grant-target.js";

export const GrantAccessInput = z.object({
  email: z.string(),
  target: z.object({
    kind: z.enum(["application", "organisation", "either"]),
    ref: reference("application or organisation"),
  }),
  role: z.enum(roles, { error: "The role is manager or viewer." }),
  /** `--for`: a grant that ends by itself after this many days. */
  days: z.number().int().optional(),
});
export type GrantAccessInput = z.infer<typeof GrantAccessInput>;

export type GrantChange = "added" | "changed" | "unchanged";

export type GrantOutcome = {
  email: string;
  target: GrantTarget;
  role: Role;
  change: GrantChange;
  endsAt: Date | null;
  /** Managers of the application after the change (for the "at least 2" advice); null for organisations. */
  managers: string[] | null;
};

export const targetColumns = (target: GrantTarget) =>
  target.kind === "application"
    ? { applicationId: target.app.id, organisationId: null, orgOf: target.app.organisationId }
    : { applicationId: null, organisationId: target.org.id, orgOf: target.org.id };

export const grantWhere = ({ accessGrants }: Schema, personId: number, target: GrantTarget) =>
  and(
    eq(accessGrants.personId, personId),
    target.kind === "application"
      ? eq(accessGrants.applicationId, target.app.id)
      : eq(accessGrants.organisationId, target.org.id),
  );

/**
 * The grant that gives at least what `existing` gives: an approved request never takes access away (a
 * manager stays a manager when an older viewer request is approved) nor sets an end on a grant that has
 * none or ends later.
 */
function widened<T extends { role: Role; endsAt: Date | null }>(
  input: T,
  existing: { role: Role; endsAt: Date | null },
): T {
  const role = strongerRole(existing.role, input.role);
  const endsAt =
    existing.endsAt === null || input.endsAt === null
      ? null
      : new Date(Math.max(existing.endsAt.getTime(), input.endsAt.getTime()));
  return { ...input, role, endsAt };
}

/**
 * Writes a grant (or changes the one the person has on that target, an ended one included) with its
 * audit entry, inside the caller's transaction. Shared by `grant` and by approving a request,
 * which only widens (`isWideningOnly`).
 */
export async function writeGrant(
  tx: Query,
  ctx: Ctx,
  input: { personId: number; email: string; target: GrantTarget; role: Role; endsAt: Date | null },
  detail: Record<string, unknown> = {},
  options: { isWideningOnly?: boolean } = {},
): Promise<GrantChange> {
  const { accessGrants } = ctx.db.t;
  const cols = targetColumns(input.target);
  const now = ctx.clock.now();
  const [existing] = await tx
    .select()
    .from(accessGrants)
    .where(grantWhere(ctx.db.t, input.personId, input.target));
  const isActive = existing !== undefined && (existing.endsAt === null || existing.endsAt > now);
  if (existing && isActive && options.isWideningOnly) input = widened(input, existing);
  const sameEnd = (existing?.endsAt?.getTime() ?? null) === (input.endsAt?.getTime() ?? null);
  if (existing && isActive && existing.role === input.role && sameEnd) return "unchanged";
  const fields = { role: input.role, endsAt: input.endsAt, warnedAt: null, grantedBy: ctx.actor.name };
  if (existing) await tx.update(accessGrants).set(fields).where(eq(accessGrants.id, existing.id));
  else {
    await tx.insert(accessGrants).values({
      ...fields,
      personId: input.personId,
      applicationId: cols.applicationId,
      organisationId: cols.organisationId,
      createdAt: now,
    });
  }
  await writeAudit(tx, ctx, {
    action: existing && isActive ? "grant.changed" : "grant.added",
    target: input.target.name,
    organisationId: cols.orgOf,
    applicationId: cols.applicationId,
    detail: {
      email: input.email,
      role: input.role,
      ...(existing && isActive ? { previousRole: existing.role } : {}),
      on: input.target.kind,
      ...(input.endsAt ? { endsOn: isoDate(input.endsAt) } : {}),
      ...detail,
    },
  });
  return existing && isActive ? "changed" : "added";
}

/**
 * Gives a person (by e-mail) a role on an application or organisation, or changes it; with `days`, a
 * grant that ends by itself (at most GRANT_MAX_DAYS). Administrators only.
 */
export async function grantAccess(ctx: Ctx, raw: GrantAccessInput): Promise<GrantOutcome> {
  await requireAdministrator(ctx, "grant access");
  const input = GrantAccessInput.parse(raw);
  const email = parseEmail(input.email);
  const endsAt = grantEndsAt(input.days, ctx.clock.now(), ctx.config.grantMaxDays);
  const target = await resolveGrantTarget(ctx.db, input.target as GrantTargetRef, ctx.actor.surface);
  const change = await ctx.db.transaction(async (tx) => {
    const person = await ensurePerson(ctx.db, email);
    return writeGrant(tx, ctx, { personId: person.id, email, target, role: input.role, endsAt });
  });
  const managers = target.kind === "application" ? await managersOf(ctx.db, target.app, ctx.clock.now()) : null;
  return { email, target, role: input.role, change, endsAt, managers };
}
