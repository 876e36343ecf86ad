/**
 * Delivery: claims the due outbox rows of one recipient right before sending them as one message (a
 * digest when several secrets are due), then marks them. A crash between claim and mark leaves
 * claimed rows that the next pass sends again — at most that one message twice. Transient failures
 * are retried with backoff and jitter until the row's deadline; permanent ones are recorded, and a
 * channel alert that fails for good reaches the managers by e-mail instead.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.js";
import type { Logger } from "../log.js";
import { reminderReply, reminderSubject } from "../messages/reminders.js";
import type { ChatNotifier } from "../ports/chat-notifier.js";
import type { Clock } from "../ports/clock.js";
import { DeliveryError, type Mailer } from "../ports/mailer.js";
import type { Reply } from "../reply.js";
import { backoff, type Claimed, channelFailed, type Group, mark, splitRecipient } from "./outbox-marks.js";
import { type LoadedItem, loadReminderItems } from "./reminder-items.js";

export type DeliveryDeps = {
  db: Db;
  clock: Clock;
  log: Logger;
  mailer: Mailer;
  renderMail: (reply: Reply) => { text: string; html: string };
  notifiers: ReadonlyMap<"slack" | "teams", ChatNotifier>;
  random?: () => number;
};

export type DeliveryReport = { sent: number; printed: number; retrying: number; failed: number; recovered: number };

/** Rows left claimed by a pass that died. Only call while holding the reminders lease. */
export function releaseStaleClaims(db: Db): number {
  return db.$client
    .prepare("update reminder_outbox set status = 'pending', claim_token = null where status = 'claimed'")
    .run().changes;
}

/** Delivers every due outbox row; `heartbeat` runs after each recipient (the caller renews its lease there). */
export async function deliverReminders(deps: DeliveryDeps, heartbeat: () => void = () => {}): Promise<DeliveryReport> {
  const report: DeliveryReport = {
    sent: 0,
    printed: 0,
    retrying: 0,
    failed: 0,
    recovered: releaseStaleClaims(deps.db),
  };
  // A recipient that failed in this pass waits for its backoff; others (e.g. new fallback mail) go now.
  const failed = new Set<string>();
  for (let round = 0; round < 3; round++) {
    const groups = (
      deps.db.$client
        .prepare(
          "select distinct channel, recipient from reminder_outbox where status = 'pending' and next_attempt_at <= ?",
        )
        .all(deps.clock.now().getTime()) as Group[]
    ).filter((g) => !failed.has(`${g.channel} ${g.recipient}`));
    if (groups.length === 0) break;
    for (const group of groups) {
      if (!(await deliverGroup(deps, group, report))) failed.add(`${group.channel} ${group.recipient}`);
      heartbeat();
    }
  }
  return report;
}

/** Delivers one recipient's due rows as one message; false when it failed. */
async function deliverGroup(deps: DeliveryDeps, group: Group, report: DeliveryReport): Promise<boolean> {
  const now = deps.clock.now();
  const token = randomUUID();
  const claimed = deps.db.$client
    .prepare(
      `update reminder_outbox set status = 'claimed', claim_token = ?, claimed_at = ?
        where channel = ? and recipient = ? and status = 'pending' and next_attempt_at <= ?
        returning id, secret_id, threshold, attempts, deadline_at, note`,
    )
    .all(token, now.getTime(), group.channel, group.recipient, now.getTime()) as Claimed[];
  if (claimed.length === 0) return true;
  const items = loadReminderItems(deps.db, [...new Set(claimed.map((c) => c.secret_id))]);
  const notes = [...new Set(claimed.flatMap((c) => (c.note ? [c.note] : [])))];
  const reply = reminderReply([...items.values()], now, notes.join(" ") || undefined);
  try {
    const outcome = await send(deps, group, reply, [...items.values()], now);
    mark(deps.db, claimed, { status: outcome, at: now });
    report[outcome === "printed" ? "printed" : "sent"] += claimed.length;
    return true;
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError(String(error), true);
    deps.log.warn(
      { channel: group.channel, error: failure.message, isTransient: failure.isTransient },
      "reminder not delivered",
    );
    if (failure.isTransient) {
      const delay = backoff(claimed[0]!.attempts, deps.random ?? Math.random, failure.retryAfterSeconds);
      const retried = mark(deps.db, claimed, {
        status: "retry",
        at: now,
        error: failure.message,
        nextAt: now.getTime() + delay,
      });
      report.retrying += retried;
      report.failed += claimed.length - retried;
    } else {
      mark(deps.db, claimed, { status: "failed", at: now, error: failure.message });
      report.failed += claimed.length;
      if (group.channel !== "email") channelFailed(deps.db, group, claimed, items, failure.message, now);
    }
    return false;
  }
}

async function send(deps: DeliveryDeps, group: Group, reply: Reply, items: LoadedItem[], now: Date) {
  if (items.length === 0) return "sent" as const; // every secret was deleted meanwhile: nothing to say
  if (group.channel === "email") {
    return deps.mailer.send({ to: group.recipient, subject: reminderSubject(items, now), ...deps.renderMail(reply) });
  }
  const notifier = deps.notifiers.get(group.channel);
  if (!notifier) throw new DeliveryError(`${group.channel} is not configured`, false);
  const [workspace, channelId] = splitRecipient(group.recipient);
  const channel = deps.db.$client
    .prepare(
      "select conversation_ref from alert_channels where platform = ? and workspace = ? and channel_id = ? limit 1",
    )
    .get(group.channel, workspace, channelId) as { conversation_ref: string | null } | undefined;
  if (!channel) throw new DeliveryError("the channel no longer subscribes to alerts", false);
  const conversationRef = channel.conversation_ref
    ? (JSON.parse(channel.conversation_ref) as Record<string, unknown>)
    : null;
  await notifier.post({ platform: group.channel, workspace, channelId, conversationRef }, reply);
  return "sent" as const;
}
