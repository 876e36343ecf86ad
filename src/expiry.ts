/**
 * Expiry input: a calendar date (`2027-03-01`, valid through the end of that day UTC) or a number of
 * days (`90d`). The longest allowed lifetime is the configured maximum, never above the provider's cap.
 */
import { AppError } from "./errors.js";
import { errors } from "./messages/errors.js";
import { DAY_MS, isoDate } from "./messages/format.js";

export type ExpiryLimits = { now: Date; maxDays: number };

export const latestExpiry = ({ now, maxDays }: ExpiryLimits): Date => new Date(now.getTime() + maxDays * DAY_MS);

/** Turns the person's expiry input into an instant, or explains what to type instead. */
export function resolveExpiry(raw: string | undefined, limits: ExpiryLimits): Date {
  const latest = latestExpiry(limits);
  const earliest = isoDate(new Date(limits.now.getTime() + DAY_MS));
  if (raw === undefined || raw.trim() === "") return latest;
  const input = raw.trim().toLowerCase();

  const days = /^(\d{1,5})\s*d(ays?)?$/.exec(input);
  if (days) {
    const n = Number(days[1]);
    if (n < 1) throw new AppError("VALIDATION", errors.expiryInPast(earliest));
    if (n > limits.maxDays) throw new AppError("VALIDATION", errors.expiryTooLate(isoDate(latest), limits.maxDays));
    return new Date(limits.now.getTime() + n * DAY_MS);
  }

  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (date) {
    const endOfDay = new Date(`${input}T23:59:59.000Z`);
    if (Number.isNaN(endOfDay.getTime()) || isoDate(endOfDay) !== input) {
      throw new AppError("VALIDATION", errors.badExpiry(raw));
    }
    if (input < earliest) throw new AppError("VALIDATION", errors.expiryInPast(earliest));
    if (input > isoDate(latest))
      throw new AppError("VALIDATION", errors.expiryTooLate(isoDate(latest), limits.maxDays));
    return endOfDay < latest ? endOfDay : latest;
  }
  throw new AppError("VALIDATION", errors.badExpiry(raw));
}
