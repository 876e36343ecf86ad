/**
 * What the reminder pass does for access, besides secrets: a request nobody decided within seven days
 * lapses (the requester is told); a time-bound grant ending within three days is announced to its holder,
 * once (through the outbox); a grant past its end is removed with an audit entry (it stopped counting at its end already) and
 * an application left with fewer than two managers is reported.
 */
import { and, eq, gt, isNotNull, isNull, lte } from "drizzle-orm";
import { writeAudit } from "../audit.js";
import { type Deps, withActor } from "../context.js";
import { REQUEST_LAPSE_DAYS } from "../grant-end.js";
import { DAY_MS, isoDate } from "../messages/format.js";
import { grantEndsSoon, grantEndsSoonSubject } from "../messages/grants.js";
import { housekeepingLines } from "../messages/housekeeping.js";
import { fewManagerWarnings, warnIfFewManagers } from "../notices/manager-count.js";
import { recordOutcome, settleRequest } from "../notices/request-notices.js";
import { deliverOutbox } from "../outbox/deliver-outbox.js";
import { recordNotices, toPerson } from "../outbox/notices.js";
import { systemActor } from "../people.js";
import { findAccessRequest, findAccessRequests } from "../verbs/find-access-requests.js";

const GRANT_WARNING_DAYS = 3;

type HousekeepingReport = { lapsed: number; warned: number; ended: number };

export async function accessHousekeeping(deps: Deps): Promise<HousekeepingReport> {
  return {
    lapsed: await lapseRequests(deps),
    warned: await warnEndingGrants(deps),
    ended: await removeEndedGrants(deps),
  };
}

/** A notice the housekeeping would send now: what it is about, and to whom (in chat where known, else by e-mail). */
export type PlannedAccessNotice = {
  kind: "request-lapses" | "grant-ends-soon" | "few-managers";
  to: string;
  about: string;
};

/**
 * What `accessHousekeeping` would send at this moment, without sending or changing anything: the
 * dry run of a reminder pass lists it beside the reminders.
 */
export async function planAccessHousekeeping(deps: Deps): Promise<PlannedAccessNotice[]> {
  const now = deps.clock.now();
  const notices: PlannedAccessNotice[] = (await staleRequests(deps)).map((r) => ({
    kind: "request-lapses",
    to: r.requesterEmail,
    about: housekeepingLines.requestLapses(r),
  }));
  for (const grant of await endingGrants(deps, new Date(now.getTime() + GRANT_WARNING_DAYS * DAY_MS), false)) {
    const { endsAt, role, email } = grant;
    if (!endsAt) continue;
    const target = grant.applicationName ?? grant.organisationName ?? "";
    notices.push({ kind: "grant-ends-soon", to: email, about: housekeepingLines.grantEnds({ role, target, endsAt }) });
  }
  const ended = await endingGrants(deps, now, true);
  for (const warning of await fewManagerWarnings(deps, await managedApplications(deps, ended))) {
    const about = housekeepingLines.fewManagers(warning.app.name, warning.managers.length);
    for (const to of warning.recipients) notices.push({ kind: "few-managers", to, about });
  }
  return notices;
}

/** Open requests nobody decided within REQUEST_LAPSE_DAYS. */
async function staleRequests(deps: Deps) {
  const before = new Date(deps.clock.now().getTime() - REQUEST_LAPSE_DAYS * DAY_MS);
  return findAccessRequests(deps.db, (t) =>
    and(eq(t.accessRequests.status, "open"), lte(t.accessRequests.createdAt, before)),
  );
}

async function lapseRequests(deps: Deps): Promise<number> {
  const { accessRequests } = deps.db.t;
  const now = deps.clock.now();
  const stale = await staleRequests(deps);
  const ctx = withActor(deps, systemActor());
  let lapsed = 0;
  for (const request of stale) {
    const isLapsed = await deps.db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(accessRequests)
        .set({ status: "lapsed", decidedAt: now, decidedBy: "system" })
        .where(and(eq(accessRequests.id, request.id), eq(accessRequests.status, "open")))
        .returning({ id: accessRequests.id });
      if (!claimed) return false;
      await writeAudit(tx, ctx, {
        action: "access.lapsed",
        target: request.targetName,
        organisationId: request.organisationId,
        applicationId: request.applicationId,
        detail: { request: request.id, email: request.requesterEmail, role: request.role },
      });
      const settled = await findAccessRequest(deps.db, request.id);
      return settled ? { settled, ids: await recordOutcome(deps, settled, null) } : false;
    });
    if (isLapsed) {
      await settleRequest(deps, isLapsed.settled, null, isLapsed.ids);
      lapsed++;
    }
  }
  return lapsed;
}

/** Grants in force whose end is near or past, with their holder and target names. */
async function endingGrants(deps: Deps, until: Date, isPast: boolean) {
  const { accessGrants, applications, organisations, people } = deps.db.t;
  const now = deps.clock.now();
  return deps.db
    .select({
      id: accessGrants.id,
      email: people.email,
      role: accessGrants.role,
      endsAt: accessGrants.endsAt,
      applicationId: accessGrants.applicationId,
      organisationId: accessGrants.organisationId,
      applicationName: applications.name,
      applicationOrg: applications.organisationId,
      organisationName: organisations.name,
    })
    .from(accessGrants)
    .innerJoin(people, eq(people.id, accessGrants.personId))
    .leftJoin(applications, eq(applications.id, accessGrants.applicationId))
    .leftJoin(organisations, eq(organisations.id, accessGrants.organisationId))
    .where(
      isPast
        ? and(isNotNull(accessGrants.endsAt), lte(accessGrants.endsAt, now))
        : and(gt(accessGrants.endsAt, now), lte(accessGrants.endsAt, until), isNull(accessGrants.warnedAt)),
    );
}

async function warnEndingGrants(deps: Deps): Promise<number> {
  const { accessGrants } = deps.db.t;
  const now = deps.clock.now();
  const soon = await endingGrants(deps, new Date(now.getTime() + GRANT_WARNING_DAYS * DAY_MS), false);
  const ids: number[] = [];
  for (const grant of soon) {
    if (!grant.endsAt) continue;
    const target = grant.applicationName ?? grant.organisationName ?? "";
    const ending = { email: grant.email, role: grant.role, target, endsAt: grant.endsAt };
    const notice = {
      key: `grant.ending:${grant.id}:${grant.endsAt.getTime()}`,
      type: "grant.ending",
      recipient: grant.email,
      to: toPerson(grant.email),
      reply: grantEndsSoon(ending),
      subject: grantEndsSoonSubject(ending),
    };
    // Recorded with the mark that it was told, so it is told once, however the delivery goes.
    await deps.db.transaction(async (tx) => {
      ids.push(...(await recordNotices(deps, [notice], now)));
      await tx.update(accessGrants).set({ warnedAt: now }).where(eq(accessGrants.id, grant.id));
    });
  }
  if (ids.length > 0) await deliverOutbox(deps, { only: ids });
  return soon.length;
}

/** The applications whose managers these (ending) grants counted among: an organisation grant reaches all of its. */
async function managedApplications(
  deps: Deps,
  grants: { role: string; applicationId: number | null; organisationId: number | null }[],
): Promise<number[]> {
  const { applications } = deps.db.t;
  const affected = new Set<number>();
  for (const grant of grants) {
    if (grant.role !== "manager") continue;
    if (grant.applicationId !== null) affected.add(grant.applicationId);
    else if (grant.organisationId !== null) {
      const apps = await deps.db
        .select({ id: applications.id })
        .from(applications)
        .where(eq(applications.organisationId, grant.organisationId));
      for (const app of apps) affected.add(app.id);
    }
  }
  return [...affected];
}

async function removeEndedGrants(deps: Deps): Promise<number> {
  const { accessGrants } = deps.db.t;
  const ended = await endingGrants(deps, deps.clock.now(), true);
  const ctx = withActor(deps, systemActor());
  const removedGrants: typeof ended = [];
  for (const grant of ended) {
    const isRemoved = await deps.db.transaction(async (tx) => {
      const [removed] = await tx
        .delete(accessGrants)
        .where(eq(accessGrants.id, grant.id))
        .returning({ id: accessGrants.id });
      if (!removed) return false;
      await writeAudit(tx, ctx, {
        action: "grant.ended",
        target: grant.applicationName ?? grant.organisationName ?? "",
        organisationId: grant.applicationOrg ?? grant.organisationId,
        applicationId: grant.applicationId,
        detail: {
          email: grant.email,
          role: grant.role,
          on: grant.applicationId === null ? "organisation" : "application",
          ...(grant.endsAt ? { endedOn: isoDate(grant.endsAt) } : {}),
        },
      });
      return true;
    });
    if (isRemoved) removedGrants.push(grant);
  }
  await warnIfFewManagers(deps, await managedApplications(deps, removedGrants), "a time-bound grant ended");
  return ended.length;
}
