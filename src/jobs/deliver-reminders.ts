/**
 * Delivery: claims the due outbox rows of one recipient right before sending them as one message (a
 * digest when several secrets are due), then marks them. A crash between claim and mark leaves
 * claimed rows that the next pass sends again — at most that one message twice. Transient failures
 * are retried with backoff and jitter until the row's deadline; permanent ones are recorded, and a
 * channel alert that fails for good reaches the managers by e-mail instead.
 */
import { randomUUID } from "node:crypto";
import { and, eq, lte } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { Calendar } from "../calendar.js";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { reminderReply, reminderSubject } from "../messages/reminders.js";
import type { ChatNotifier } from "../ports/chat-notifier.js";
import type { Clock } from "../ports/clock.js";
import { DeliveryError, type Mailer } from "../ports/mailer.js";
import type { Metrics } from "../ports/metrics.js";
import type { SecretProvider } from "../ports/secret-provider.js";
import type { Tracer } from "../ports/tracer.js";
import type { Reply } from "../reply.js";
import { backoff, type Claimed, channelFailed, type Group, mark, splitRecipient } from "./outbox-marks.js";
import { type LoadedItem, loadReminderItems } from "./reminder-items.js";

export type DeliveryDeps = {
  db: Db;
  clock: Clock;
  /** Reminders count days in REMINDER_TIMEZONE, as everything else does (src/calendar.ts); ROTATION_IDLE_HOURS reads their evidence. */
  config: Pick<Config, "reminderTimezone" | "rotationIdleHours">;
  /** Where the evidence of use comes from (the provider's capabilities), for what reminders say of it. */
  provider: Pick<SecretProvider, "capabilities">;
  log: Logger;
  mailer: Mailer;
  renderMail: (reply: Reply) => { text: string; html: string };
  notifiers: ReadonlyMap<"slack" | "teams", ChatNotifier>;
  random?: () => number;
  /** Passes and deliveries are counted here and traced there. */
  metrics: Metrics;
  tracer: Tracer;
};

const platformLabels = { slack: "Slack", teams: "Teams" } as const;

export type DeliveryReport = { sent: number; printed: number; retrying: number; failed: number; recovered: number };

/** Rows left claimed by a pass that died. Only call while holding the reminders lease. */
export async function releaseStaleClaims(db: Db): Promise<number> {
  const { reminderOutbox } = db.t;
  const released = await db.transaction((tx) =>
    tx
      .update(reminderOutbox)
      .set({ status: "pending", claimToken: null })
      .where(eq(reminderOutbox.status, "claimed"))
      .returning({ id: reminderOutbox.id }),
  );
  return released.length;
}

/** Delivers every due outbox row; `heartbeat` runs after each recipient (the caller renews its lease there). */
export async function deliverReminders(
  deps: DeliveryDeps,
  heartbeat: () => Promise<unknown> = async () => {},
): Promise<DeliveryReport> {
  const report: DeliveryReport = {
    sent: 0,
    printed: 0,
    retrying: 0,
    failed: 0,
    recovered: await releaseStaleClaims(deps.db),
  };
  const { reminderOutbox } = deps.db.t;
  // A recipient that failed in this pass waits for its backoff; others (e.g. new fallback mail) go now.
  const failed = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const due = await deps.db
      .selectDistinct({ channel: reminderOutbox.channel, recipient: reminderOutbox.recipient })
      .from(reminderOutbox)
      .where(and(eq(reminderOutbox.status, "pending"), lte(reminderOutbox.nextAttemptAt, deps.clock.now())));
    const groups: Group[] = due.filter((g) => !failed.has(`${g.channel} ${g.recipient}`));
    if (groups.length === 0) break;
    for (const group of groups) {
      if (!(await deliverGroup(deps, group, report))) failed.add(`${group.channel} ${group.recipient}`);
      await heartbeat();
    }
  }
  return report;
}

/** Delivers one recipient's due rows as one message; false when it failed. */
async function deliverGroup(deps: DeliveryDeps, group: Group, report: DeliveryReport): Promise<boolean> {
  const now = deps.clock.now();
  const token = randomUUID();
  const { reminderOutbox } = deps.db.t;
  const claimed: Claimed[] = await deps.db.transaction((tx) =>
    tx
      .update(reminderOutbox)
      .set({ status: "claimed", claimToken: token, claimedAt: now })
      .where(
        and(
          eq(reminderOutbox.channel, group.channel),
          eq(reminderOutbox.recipient, group.recipient),
          eq(reminderOutbox.status, "pending"),
          lte(reminderOutbox.nextAttemptAt, now),
        ),
      )
      .returning({
        id: reminderOutbox.id,
        secretId: reminderOutbox.secretId,
        threshold: reminderOutbox.threshold,
        attempts: reminderOutbox.attempts,
        deadlineAt: reminderOutbox.deadlineAt,
        note: reminderOutbox.note,
      }),
  );
  if (claimed.length === 0) return true;
  const items = await loadReminderItems(deps.db, [...new Set(claimed.map((c) => c.secretId))], { ...deps, now });
  const notes = [...new Set(claimed.flatMap((c) => (c.note ? [c.note] : [])))];
  const calendar = new Calendar(now, deps.config.reminderTimezone);
  const reply = reminderReply([...items.values()], calendar, notes.join(" ") || undefined);
  try {
    const outcome = await send(deps, group, reply, [...items.values()], calendar);
    await mark(deps.db, claimed, { status: outcome, at: now });
    report[outcome === "printed" ? "printed" : "sent"] += claimed.length;
    return true;
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError(String(error), true);
    deps.log.warn(
      { channel: group.channel, error: failure.message, isTransient: failure.isTransient },
      "reminder not delivered",
    );
    if (failure.isTransient) {
      const delay = backoff(
        Math.max(...claimed.map((c) => c.attempts)),
        deps.random ?? Math.random,
        failure.retryAfterSeconds,
      );
      const retried = await mark(deps.db, claimed, {
        status: "retry",
        at: now,
        error: failure.message,
        nextAt: now.getTime() + delay,
      });
      report.retrying += retried;
      report.failed += claimed.length - retried;
    } else {
      await mark(deps.db, claimed, { status: "failed", at: now, error: failure.message });
      report.failed += claimed.length;
      if (group.channel !== "email") await channelFailed(deps.db, group, claimed, items, failure.message, now);
    }
    return false;
  }
}

async function send(deps: DeliveryDeps, group: Group, reply: Reply, items: LoadedItem[], calendar: Calendar) {
  if (items.length === 0) return "sent" as const; // every secret was deleted meanwhile: nothing to say
  if (group.channel === "email") {
    const subject = reminderSubject(items, calendar);
    return deps.mailer.send({ to: group.recipient, subject, ...deps.renderMail(reply) });
  }
  const notifier = deps.notifiers.get(group.channel);
  if (!notifier) throw new DeliveryError(`${platformLabels[group.channel]} is not configured here`, false);
  const [workspace, channelId] = splitRecipient(group.recipient);
  const { alertChannels } = deps.db.t;
  const [channel] = await deps.db
    .select({ conversationRef: alertChannels.conversationRef })
    .from(alertChannels)
    .where(
      and(
        eq(alertChannels.platform, group.channel),
        eq(alertChannels.workspace, workspace),
        eq(alertChannels.channelId, channelId),
      ),
    )
    .limit(1);
  if (!channel) throw new DeliveryError("the channel no longer subscribes to alerts", false);
  await notifier.post(
    { platform: group.channel, workspace, channelId, conversationRef: channel.conversationRef },
    reply,
  );
  return "sent" as const;
}
