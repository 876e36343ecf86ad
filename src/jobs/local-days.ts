/**
 * Calendar days in the reminder time zone, as whole day numbers (days since 1970-01-01 local), so a
 * pass over hundreds of thousands of secrets does arithmetic instead of formatting dates. Offsets are
 * computed with Intl once per hour of time and cached, which follows DST changes.
 */
import { DAY_MS } from "../messages/format.js";

const HOUR_MS = 3_600_000;

export class LocalDays {
  private readonly offsets = new Map<number, number>();
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
  }

  /** Milliseconds to add to a UTC instant to get the local wall-clock time, at that instant. */
  private offsetAt(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      const parts = Object.fromEntries(
        this.format.formatToParts(new Date(hour * HOUR_MS)).map((p) => [p.type, p.value]),
      );
      const wall = Date.UTC(
        Number(parts.year),
        Number(parts.month) - 1,
        Number(parts.day),
        Number(parts.hour),
        Number(parts.minute),
      );
      offset = wall - hour * HOUR_MS;
      this.offsets.set(hour, offset);
    }
    return offset;
  }

  /** The local calendar day of an instant. */
  dayOf(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / DAY_MS);
  }

  /** The first instant of a local day (asked twice, so a day that starts at a DST change is right). */
  startOf(day: number): number {
    const guess = day * DAY_MS - this.offsetAt(day * DAY_MS);
    return day * DAY_MS - this.offsetAt(guess);
  }

  /** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
  static weekday(day: number): number {
    return (((day + 4) % 7) + 7) % 7;
  }

  /** A Saturday or Sunday moves to the Friday before. */
  static weekdayOnOrBefore(day: number): number {
    const weekday = LocalDays.weekday(day);
    return weekday === 6 ? day - 1 : weekday === 0 ? day - 2 : day;
  }
}
