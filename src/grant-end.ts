/**
 * How long a time-bound grant lasts: `--for <days>d`, from one day to GRANT_MAX_DAYS. The grant ends
 * that many whole days after it is given (or approved).
 */
import { AppError } from "./errors.js";
import { errors } from "./messages/errors.js";
import { DAY_MS } from "./messages/format.js";

/** An access request nobody decides lapses after this many days (the reminder pass's housekeeping). */
export const REQUEST_LAPSE_DAYS = 7;

/** `30d` (or `30`) as a number of days; anything else is refused saying what is allowed. */
export function parseGrantDays(raw: string, maxDays: number): number {
  const match = /^(\d{1,5})\s*d?$/i.exec(raw.trim());
  const days = match ? Number(match[1]) : Number.NaN;
  if (!(days >= 1 && days <= maxDays)) throw new AppError("VALIDATION", errors.badGrantDays(raw, maxDays));
  return days;
}

/** When a grant given `now` for `days` ends; null for a grant until revoked. */
export function grantEndsAt(days: number | undefined, now: Date, maxDays: number): Date | null {
  if (days === undefined) return null;
  if (!Number.isInteger(days) || days < 1 || days > maxDays) {
    throw new AppError("VALIDATION", errors.badGrantDays(`${days}d`, maxDays));
  }
  return new Date(now.getTime() + days * DAY_MS);
}
