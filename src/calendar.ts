/**
 * The one way the bot counts days: calendar days in REMINDER_TIMEZONE (UTC unless set). "Expires
 * tomorrow", `expiring 1`, the ⚠️ mark, a typed expiry date, the dates shown, reminder mails and the
 * reminder plan all use it, so they always agree. A secret expiring tomorrow at 23:59 expires
 * "tomorrow", not "in 2 days", however many hours are left.
 */
import type { Deps } from "./context.js";
import { LocalDays } from "./jobs/local-days.js";
import { DAY_MS } from "./messages/format.js";

/** A secret expiring within this many calendar days (today included) is expiring (⚠️), as in the source service. */
export const EXPIRING_WITHIN_DAYS = 30;

const zones = new Map<string, LocalDays>();
const localDays = (timeZone: string): LocalDays => {
  let days = zones.get(timeZone);
  if (!days) {
    days = new LocalDays(timeZone);
    zones.set(timeZone, days);
  }
  return days;
};

export type ExpiryStatus = "active" | "expiring" | "expired";

export class Calendar {
  private readonly days: LocalDays;
  /** Today, as a local day number. */
  readonly today: number;

  constructor(
    readonly now: Date,
    readonly timeZone: string,
  ) {
    this.days = localDays(timeZone);
    this.today = this.days.dayOf(now.getTime());
  }

  /** The calendar of the bot at its clock's now. */
  static of(deps: Pick<Deps, "clock" | "config">): Calendar {
    return new Calendar(deps.clock.now(), deps.config.reminderTimezone);
  }

  /** Calendar days from today to the instant's day: 0 today, 1 tomorrow, -1 yesterday. */
  daysUntil(instant: Date): number {
    return this.days.dayOf(instant.getTime()) - this.today;
  }

  /** The instant's local date, YYYY-MM-DD. */
  dateOf(instant: Date): string {
    return dateOfDay(this.days.dayOf(instant.getTime()));
  }

  /** The local date `days` after today (negative: before). */
  dateIn(days: number): string {
    return dateOfDay(this.today + days);
  }

  /** The local date `days` before the instant's day. */
  dateBefore(instant: Date, days: number): string {
    return dateOfDay(this.days.dayOf(instant.getTime()) - days);
  }

  /** The last second (23:59:59) of the local day `days` after today. */
  endOfDayIn(days: number): Date {
    return new Date(this.days.startOf(this.today + days + 1) - 1000);
  }

  /** The last second (23:59:59) of a local date written YYYY-MM-DD (assumed valid). */
  endOfDate(date: string): Date {
    return new Date(this.days.startOf(Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS) + 1) - 1000);
  }

  /** Expired once its instant has passed; expiring within EXPIRING_WITHIN_DAYS calendar days. */
  status(expiresAt: Date): ExpiryStatus {
    if (expiresAt.getTime() <= this.now.getTime()) return "expired";
    return this.daysUntil(expiresAt) <= EXPIRING_WITHIN_DAYS ? "expiring" : "active";
  }
}

const dateOfDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
