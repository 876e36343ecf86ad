import { and, eq } from "drizzle-orm";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { AppError, isAppError } from "../errors.js";
import { grantEndsAt } from "../grant-end.js";
import { errors } from "../messages/errors.js";
import { isoDate } from "../messages/format.js";
import { authoriseDecision, canDecide, grantsOf, requirePerson } from "../policy.js";
import { type AccessRequestView, findAccessRequest, findAccessRequests } from "./find-access-requests.js";
import { writeGrant } from "./grant-access.js";
import { type GrantTarget, resolveGrantTarget } from "./resolve-grant-target.js";

export type DecisionInput = { id: number; isApproved: boolean; days?: number; reason?: string };

export type Decided = { request: AccessRequestView; endsAt: Date | null };

/**
 * Approves or denies an open request, once: the decision is claimed atomically, so two deciders (or a
 * double click) decide it once and the second is told who did. Approving writes the grant (for
 * `days`, or the length asked for) in the same transaction. Authorised again at every call.
 */
export async function decideAccessRequest(ctx: Ctx, input: DecisionInput): Promise<Decided> {
  requirePerson(ctx, "decide access requests");
  const request = await findAccessRequest(ctx.db, input.id);
  if (!request) throw new AppError("NOT_FOUND", errors.requestUnknown(String(input.id)));
  await authoriseDecision(ctx, request);
  if (request.status !== "open") throw new AppError("CONFLICT", errors.requestDecided(request));
  const now = ctx.clock.now();
  const endsAt = input.isApproved
    ? grantEndsAt(input.days ?? request.days ?? undefined, now, ctx.config.grantMaxDays)
    : null;
  const target = input.isApproved ? await targetOf(ctx, request) : undefined;
  const { accessRequests } = ctx.db.t;
  const status = input.isApproved ? ("approved" as const) : ("denied" as const);
  const isDecided = await ctx.db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(accessRequests)
      .set({ status, decidedAt: now, decidedBy: ctx.actor.name, note: input.reason ?? null })
      .where(and(eq(accessRequests.id, request.id), eq(accessRequests.status, "open")))
      .returning({ id: accessRequests.id });
    if (!claimed) return false;
    const detail = { request: request.id, email: request.requesterEmail, role: request.role };
    if (target) {
      const grant = { personId: request.personId, email: request.requesterEmail, target, role: request.role, endsAt };
      await writeGrant(tx, ctx, grant, { request: request.id }, { isWideningOnly: true });
    }
    await writeAudit(tx, ctx, {
      action: input.isApproved ? "access.approved" : "access.denied",
      target: request.targetName,
      organisationId: request.organisationId,
      applicationId: request.applicationId,
      detail: input.isApproved
        ? { ...detail, ...(endsAt ? { endsOn: isoDate(endsAt) } : {}) }
        : { ...detail, ...(input.reason ? { reason: input.reason } : {}) },
    });
    return true;
  });
  const decided = await findAccessRequest(ctx.db, request.id);
  if (!decided) throw new AppError("NOT_FOUND", errors.requestUnknown(String(input.id)));
  if (!isDecided) throw new AppError("CONFLICT", errors.requestDecided(decided));
  return { request: decided, endsAt };
}

/**
 * What an approval grants: the application or organisation asked for. A request for a name that was no
 * application or organisation is granted on whichever now has that name (an administrator may have
 * registered it meanwhile); while none does, approving says so and what to do instead.
 */
async function targetOf(ctx: Ctx, request: AccessRequestView): Promise<GrantTarget> {
  if (request.targetKind === "unknown") {
    try {
      return await resolveGrantTarget(ctx.db, { kind: "either", ref: request.targetName }, ctx.actor.surface);
    } catch (error) {
      if (isAppError(error) && error.code === "NOT_FOUND") {
        throw new AppError("VALIDATION", errors.requestNameUnknown(request, ctx.actor.surface));
      }
      throw error;
    }
  }
  const kind = request.targetKind;
  const ref = kind === "application" ? request.targetName : (request.organisationName ?? "");
  return resolveGrantTarget(ctx.db, { kind, ref }, ctx.actor.surface);
}

/** The open requests this person may decide, oldest first (never their own). */
export async function listOpenRequests(ctx: Ctx): Promise<AccessRequestView[]> {
  const person = requirePerson(ctx, "decide access requests");
  const grants = await grantsOf(ctx);
  const open = await findAccessRequests(ctx.db, (t) => eq(t.accessRequests.status, "open"));
  return open.filter((r) => canDecide(person, grants, r)).reverse();
}
