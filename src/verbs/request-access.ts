import { and, eq, or } from "drizzle-orm";
import { z } from "zod";
import { type Role, roles } from "../../db/vocabulary.js";
import { isActiveGrant } from "../active-grants.js";
import { writeAudit } from "../audit.js";
import type { Ctx } from "../context.js";
import { isAppError } from "../errors.js";
import { grantEndsAt } from "../grant-end.js";
import { errors } from "../messages/errors.js";
import { covers, requirePerson } from "../policy.js";
import { targetColumns } from "./grant-access.js";
import { type GrantTarget, resolveGrantTarget } from "./resolve-grant-target.js";

export const RequestAccessInput = z.object({
  target: z.string().trim().min(1),
  role: z.enum(roles),
  days: z.number().int().optional(),
  reason: z.string().trim().max(500, errors.reasonTooLong).optional(),
});
export type RequestAccessInput = z.infer<typeof RequestAccessInput>;

export type RequestedAccess =
  | { kind: "held"; target: GrantTarget; role: Role }
  | { kind: "recorded"; id: number; name: string; role: Role; days: number | undefined; isUpdate: boolean };

/** What a request is on: an application or organisation, or a name that is neither (kept as typed). */
type Asked = { kind: "target"; target: GrantTarget } | { kind: "name"; name: string };

/**
 * Records a person's request for a grant: one open request per person and target, so asking again
 * updates its reason and length. Someone who already holds that grant (or a stronger one) is told so.
 * A name that is no application or organisation is recorded too, for the administrators to decide
 * (they see every application: a typo gets an answer, and it lapses like any other), and answered
 * exactly as a real one, so names cannot be probed. Nothing is granted here; see decideAccessRequest.
 */
export async function requestAccess(ctx: Ctx, raw: RequestAccessInput): Promise<RequestedAccess> {
  const person = requirePerson(ctx, "request access");
  const input = RequestAccessInput.parse(raw);
  grantEndsAt(input.days, ctx.clock.now(), ctx.config.grantMaxDays); // refuses a length out of range
  const asked = await whatIsAsked(ctx, input.target);
  if (asked.kind === "target" && (await holds(ctx, person.personId, asked.target, input.role))) {
    return { kind: "held", target: asked.target, role: input.role };
  }
  const { accessRequests } = ctx.db.t;
  const cols =
    asked.kind === "target"
      ? { ...targetColumns(asked.target), unknownName: null }
      : { applicationId: null, organisationId: null, orgOf: null, unknownName: asked.name };
  const name = asked.kind === "target" ? asked.target.name : asked.name;
  const fields = { role: input.role, days: input.days ?? null, reason: input.reason ?? null };
  return ctx.db.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: accessRequests.id })
      .from(accessRequests)
      .where(
        and(
          eq(accessRequests.personId, person.personId),
          eq(accessRequests.status, "open"),
          cols.applicationId !== null
            ? eq(accessRequests.applicationId, cols.applicationId)
            : cols.organisationId !== null
              ? eq(accessRequests.organisationId, cols.organisationId)
              : eq(accessRequests.unknownName, cols.unknownName ?? ""),
        ),
      );
    let id = open?.id;
    if (id !== undefined) await tx.update(accessRequests).set(fields).where(eq(accessRequests.id, id));
    else {
      const [row] = await tx
        .insert(accessRequests)
        .values({
          ...fields,
          personId: person.personId,
          applicationId: cols.applicationId,
          organisationId: cols.organisationId,
          unknownName: cols.unknownName,
          surface: ctx.actor.surface,
          createdAt: ctx.clock.now(),
        })
        .returning({ id: accessRequests.id });
      id = row?.id;
    }
    if (id === undefined) throw new Error("the request was not recorded");
    await writeAudit(tx, ctx, {
      action: "access.requested",
      target: name,
      organisationId: cols.orgOf,
      applicationId: cols.applicationId,
      detail: {
        request: id,
        role: input.role,
        ...(input.days ? { days: input.days } : {}),
        isUpdate: open !== undefined,
        ...(asked.kind === "name" ? { isUnknownName: true } : {}),
      },
    });
    return { kind: "recorded", id, name, role: input.role, days: input.days, isUpdate: open !== undefined };
  });
}

/** The application or organisation a request names, or the name itself when it is neither. */
async function whatIsAsked(ctx: Ctx, ref: string): Promise<Asked> {
  try {
    return { kind: "target", target: await resolveGrantTarget(ctx.db, { kind: "either", ref }, ctx.actor.surface) };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return { kind: "name", name: ref };
    throw error;
  }
}

/**
 * Whether the person already holds this role, or manager (which includes viewing), where it counts: an
 * application is covered by a grant on it or on its organisation, an organisation by its own.
 */
async function holds(ctx: Ctx, personId: number, target: GrantTarget, role: Role): Promise<boolean> {
  const { accessGrants } = ctx.db.t;
  const cols = targetColumns(target);
  const on =
    target.kind === "application"
      ? or(eq(accessGrants.applicationId, target.app.id), eq(accessGrants.organisationId, cols.orgOf))
      : eq(accessGrants.organisationId, target.org.id);
  const grants = await ctx.db
    .select({ role: accessGrants.role })
    .from(accessGrants)
    .where(and(eq(accessGrants.personId, personId), on, isActiveGrant(accessGrants, ctx.clock.now())));
  return grants.some((g) => covers(g.role, role));
}
