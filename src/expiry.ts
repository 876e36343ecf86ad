/**
 * Expiry input: a calendar date (`2027-03-01`) or a number of days (`90d`, the date that many days from
 * today). One rule for both and for the default: a secret lasts through the end of its date in
 * REMINDER_TIMEZONE (UTC unless set). The latest date is today plus the maximum lifetime in whole days
 * (the configured maximum, never above the provider's cap), so the default is the end of that day.
 */
import { z } from "zod";
import type { Calendar } from "./calendar.js";
import { AppError, isAppError } from "./errors.js";
import { errors } from "./messages/errors.js";

export type ExpiryLimits = { calendar: Calendar; maxDays: number };

/** The end of the last day a new secret may last: today plus the maximum lifetime, in whole days. */
export const latestExpiry = ({ calendar, maxDays }: ExpiryLimits): Date => calendar.endOfDayIn(maxDays);

/** Turns the person's expiry input into an instant, or explains what to type instead. */
export function resolveExpiry(raw: string | undefined, limits: ExpiryLimits): Date {
  const { calendar } = limits;
  const latest = latestExpiry(limits);
  const latestDate = calendar.dateOf(latest);
  const earliest = calendar.dateIn(1);
  if (raw === undefined || raw.trim() === "") return latest;
  const input = raw.trim().toLowerCase();

  const days = /^(\d{1,5})\s*d(ays?)?$/.exec(input);
  if (days) {
    const n = Number(days[1]);
    if (n < 1) throw new AppError("VALIDATION", errors.expiryInPast(earliest));
    if (n > limits.maxDays) throw new AppError("VALIDATION", errors.expiryTooLate(latestDate, limits.maxDays));
    return calendar.endOfDayIn(n);
  }

  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (date) {
    const noon = new Date(`${input}T12:00:00.000Z`);
    if (Number.isNaN(noon.getTime()) || noon.toISOString().slice(0, 10) !== input) {
      throw new AppError("VALIDATION", errors.badExpiry(raw));
    }
    if (input < earliest) throw new AppError("VALIDATION", errors.expiryInPast(earliest));
    if (input > latestDate) throw new AppError("VALIDATION", errors.expiryTooLate(latestDate, limits.maxDays));
    return calendar.endOfDate(input);
  }
  throw new AppError("VALIDATION", errors.badExpiry(raw));
}

/**
 * An expiry as typed (a date or a number of days), checked against the limits and kept as typed (the
 * verb turns it into an instant). Blank is refused: whoever gives an expiry has to choose one.
 */
export const expiryText = (limits: ExpiryLimits) =>
  z.string().superRefine((raw, check) => {
    if (raw.trim() === "") {
      check.addIssue({ code: "custom", message: errors.expiryRequired() });
      return;
    }
    try {
      resolveExpiry(raw, limits);
    } catch (error) {
      if (!isAppError(error)) throw error;
      check.addIssue({ code: "custom", message: error.message });
    }
  });
