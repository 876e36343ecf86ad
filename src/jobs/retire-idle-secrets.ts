/**
 * The reminder pass's retire step (run under its lease): for every rotation left open, read the
 * provider's usage report again where it reports one (Entra), so the decision rests on fresh evidence;
 * then act on each idle rotation — `ask`: one question to the managers, with a Delete button; `auto`:
 * retire the older secrets (src/verbs/retire-older-secrets.ts) and tell the managers. Never `unknown`,
 * `waiting` or `switching`. Each notice is recorded with the change it reports (the rotation's
 * `asked_at`, the retirement), so with several replicas a rotation is asked about, retired and told
 * once; a provider that refuses leaves the rotation idle, its managers told once per run of refusals,
 * and the next pass tries again.
 */
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { type Deps, withActor } from "../context.js";
import { isAppError } from "../errors.js";
import {
  retiredNotice,
  retiredSubject,
  retireFailedNotice,
  retireFailedSubject,
  retireQuestion,
  retireQuestionMail,
  retireQuestionSubject,
} from "../messages/retire.js";
import { deliverNow, noticesTo, recordNotices, recordNoticesOnce } from "../outbox/notices.js";
import { managersOrAdministrators, systemActor } from "../people.js";
import type { ApplicationRow } from "../policy.js";
import { followReportedUsage } from "../verbs/follow-usage.js";
import { retireOlderSecrets } from "../verbs/retire-older-secrets.js";
import { type RotationView, rotationsOf } from "../verbs/rotations.js";

export type RetireReport = { asked: number; retired: number; failed: number };

/**
 * The retire step: asks about or retires the idle older secrets of every open rotation, on evidence read
 * afresh; what it did, counted. Call only while holding the reminder lease.
 */
export async function retireIdleSecrets(deps: Deps): Promise<RetireReport> {
  const report: RetireReport = { asked: 0, retired: 0, failed: 0 };
  const ctx = withActor(deps, systemActor());
  const candidates = await applicationsWithOpenRotations(deps);
  const open = (await rotationsOf(ctx, candidates, deps.clock.now())).filter(isOpen);
  const apps = candidates.filter((a) => open.some((r) => r.application.id === a.id));
  if (apps.length === 0) return report;
  // Fresh evidence where the provider reports it; a report that cannot be read leaves usage unknown.
  for (const app of apps) await followReportedUsage(ctx, app);
  for (const rotation of await rotationsOf(ctx, apps, deps.clock.now())) {
    if (rotation.state !== "idle" || !isOpen(rotation)) continue;
    const app = apps.find((a) => a.id === rotation.application.id) as ApplicationRow;
    if (rotation.retire === "ask") {
      if (await ask(deps, rotation)) report.asked++;
    } else {
      const outcome = await retire(deps, app, rotation);
      if (outcome === "retired") report.retired++;
      if (outcome === "failed") report.failed++;
    }
  }
  return report;
}

/** A rotation the bot may still act on: older secrets left, not retired, not asked about yet unless `auto`. */
const isOpen = (r: RotationView) =>
  r.olders.length > 0 && r.retiredAt === null && (r.retire === "auto" || r.askedAt === null);

/**
 * What the retire step would act on at this moment, from the evidence as stored (a dry run reads no
 * provider report): the open rotations that are idle, with their choice (ask or auto).
 */
export async function plannedRetirements(deps: Deps): Promise<RotationView[]> {
  const ctx = withActor(deps, systemActor());
  const rotations = await rotationsOf(ctx, await applicationsWithOpenRotations(deps), deps.clock.now());
  return rotations.filter((r) => r.state === "idle" && isOpen(r));
}

/** Applications whose latest rotation may still need the bot: not retired, and not asked about yet unless `auto`. */
async function applicationsWithOpenRotations(deps: Deps): Promise<ApplicationRow[]> {
  const { rotations: r, applications } = deps.db.t;
  const open = await deps.db
    .selectDistinct({ id: r.applicationId })
    .from(r)
    .where(and(isNull(r.retiredAt), or(eq(r.retire, "auto"), isNull(r.askedAt))));
  if (open.length === 0) return [];
  return deps.db
    .select()
    .from(applications)
    .where(
      inArray(
        applications.id,
        open.map((o) => o.id),
      ),
    );
}

const recipientsOf = (deps: Deps, rotation: RotationView) =>
  managersOrAdministrators(deps, rotation.application, deps.clock.now());

/** Asks once: the question is recorded with `asked_at`, set only where it was still unset. */
async function ask(deps: Deps, rotation: RotationView): Promise<boolean> {
  const { rotations: r } = deps.db.t;
  const now = deps.clock.now();
  const hours = deps.config.rotationIdleHours;
  const notices = noticesTo(await recipientsOf(deps, rotation), `rotation.idle:${rotation.id}`, "rotation.idle", {
    reply: retireQuestion(rotation, hours),
    mail: retireQuestionMail(rotation, hours, deps.notify.platforms),
    subject: retireQuestionSubject(rotation),
  });
  const claim = () =>
    deps.db
      .update(r)
      .set({ askedAt: now })
      .where(and(eq(r.id, rotation.id), isNull(r.askedAt)))
      .returning({ id: r.id });
  const ids = await recordNoticesOnce(deps, claim, () => notices, now);
  if (ids === null) return false;
  await deliverNow(deps, ids);
  return true;
}

async function retire(deps: Deps, app: ApplicationRow, rotation: RotationView): Promise<"retired" | "not" | "failed"> {
  const ctx = withActor(deps, systemActor());
  const hours = deps.config.rotationIdleHours;
  const recipients = await recipientsOf(deps, rotation);
  let ids: number[] = [];
  try {
    const outcome = await retireOlderSecrets(ctx, app, {
      rotationId: rotation.id,
      onRetired: async ({ rotation: read, retired }) => {
        const reply = retiredNotice(read, retired, hours);
        const notices = noticesTo(recipients, `rotation.retired:${read.id}`, "rotation.retired", {
          reply,
          subject: retiredSubject(read),
        });
        ids = await recordNotices(deps, notices, deps.clock.now());
      },
    });
    if (outcome.kind !== "retired") return "not";
  } catch (error) {
    deps.log.warn(
      { err: error, application: app.clientId },
      "could not retire an idle older secret; next pass tries again",
    );
    // Told once per run of refusals: the run is the idle spell, which a new use of the older secret ends.
    const notices = noticesTo(
      recipients,
      `rotation.retire_failed:${rotation.id}:${rotation.idleFrom?.getTime() ?? 0}`,
      "rotation.retire_failed",
      {
        reply: retireFailedNotice(rotation, isAppError(error) ? error.message : null),
        subject: retireFailedSubject(rotation),
      },
    );
    await deliverNow(deps, await recordNotices(deps, notices, deps.clock.now()));
    return "failed";
  }
  await deliverNow(deps, ids);
  return "retired";
}
