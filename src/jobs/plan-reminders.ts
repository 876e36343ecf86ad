/**
 * The pure planning step: which reminder, if any, is due for one secret now. Thresholds are calendar
 * days in the reminder time zone; one on a weekend moves to the Friday before. A pass that was missed
 * sends only the most urgent threshold crossed, never a burst, and never one already planned.
 */
import type { Deactivator } from "../../db/vocabulary.js";
import { DAY_MS } from "../messages/format.js";
import { LocalDays } from "./local-days.js";

export const EXPIRY_DAY = "expiry-day";
export const EXPIRED = "expired";
/** The bot deactivated the secret at its expiry (providers whose secrets never expire by themselves). */
const DEACTIVATED = "deactivated";
/** Secrets that expired longer ago than this get no "has expired" reminder (e.g. on first deployment). */
export const EXPIRED_REMINDER_WINDOW_DAYS = 30;

export type PlanSecret = {
  expiresAt: number;
  createdAt: number;
  deactivatedAt?: number | null;
  deactivatedBy?: Deactivator | null;
};
export type PlanOptions = { now: number; reminderDays: number[]; days: LocalDays };

/** Thresholds from least to most urgent: `30d` … `1d`, then `expiry-day`, then `expired`. */
export const thresholdsOf = (reminderDays: number[]): string[] => [
  ...[...reminderDays].sort((a, b) => b - a).map((d) => `${d}d`),
  EXPIRY_DAY,
  EXPIRED,
];

/** Most urgent first, worked out once per list of reminder days (a pass asks for every secret). */
const urgentFirst = new WeakMap<readonly number[], readonly string[]>();
function mostUrgentFirst(reminderDays: number[]): readonly string[] {
  let ordered = urgentFirst.get(reminderDays);
  if (!ordered) {
    ordered = thresholdsOf(reminderDays).reverse();
    urgentFirst.set(reminderDays, ordered);
  }
  return ordered;
}

/** Local day from which a threshold is due, weekend-shifted; `expired` is handled by instant. */
function dueDay(threshold: string, expiryDay: number): number {
  const daysBefore = threshold === EXPIRY_DAY ? 0 : Number.parseInt(threshold, 10);
  return LocalDays.weekdayOnOrBefore(expiryDay - daysBefore);
}

/**
 * The threshold to send now for this secret, or null. `planned` holds the thresholds already in the
 * outbox for it. Thresholds that had already passed when the secret was created are not sent. A secret
 * the bot deactivated gets one `deactivated` reminder instead of anything else; one somebody deactivated
 * in the provider's console gets none (it was ended on purpose, and the sync audited it).
 */
export function dueThreshold(secret: PlanSecret, planned: ReadonlySet<string>, options: PlanOptions): string | null {
  const { now, days } = options;
  if (secret.deactivatedBy === "provider") return null;
  // Deactivated by the bot: the most urgent news, told once; nothing less urgent follows it.
  if (typeof secret.deactivatedAt === "number") {
    const isRecent = secret.deactivatedAt > now - EXPIRED_REMINDER_WINDOW_DAYS * DAY_MS;
    return planned.has(DEACTIVATED) || !isRecent ? null : DEACTIVATED;
  }
  const today = days.dayOf(now);
  const createdDay = days.dayOf(secret.createdAt);
  const expiryDay = days.dayOf(secret.expiresAt);
  for (const threshold of mostUrgentFirst(options.reminderDays)) {
    let isCrossed: boolean;
    let isEligible: boolean;
    if (threshold === EXPIRED) {
      isCrossed = now >= secret.expiresAt;
      isEligible = secret.expiresAt > now - EXPIRED_REMINDER_WINDOW_DAYS * DAY_MS;
    } else {
      const day = dueDay(threshold, expiryDay);
      isCrossed = today >= day;
      isEligible = day > createdDay && now < secret.expiresAt;
    }
    if (!isCrossed || !isEligible) continue;
    // The most urgent crossed threshold decides: if it went out already, nothing less urgent follows.
    return planned.has(threshold) ? null : threshold;
  }
  return null;
}
