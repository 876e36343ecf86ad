import { describe, expect, it } from "vitest";
import { Calendar } from "../../src/calendar.js";
import { AppError } from "../../src/errors.js";
import { resolveExpiry } from "../../src/expiry.js";

const now = new Date("2026-11-26T10:00:00Z");
const limits = { calendar: new Calendar(now, "UTC"), maxDays: 365 };

describe("resolveExpiry", () => {
  it("defaults to the end of the latest day: today plus the maximum lifetime in whole days", () => {
    expect(resolveExpiry(undefined, limits).toISOString()).toBe("2027-11-26T23:59:59.000Z");
  });

  it("reads a date as the end of that day, the latest one too", () => {
    expect(resolveExpiry("2027-03-01", limits).toISOString()).toBe("2027-03-01T23:59:59.000Z");
    expect(resolveExpiry("2027-11-26", limits).toISOString()).toBe("2027-11-26T23:59:59.000Z");
  });

  it("reads 90d, 90 days and 1d as the end of the day that many days from today", () => {
    expect(resolveExpiry("90d", limits).toISOString()).toBe("2027-02-24T23:59:59.000Z");
    expect(resolveExpiry("90 days", limits).toISOString()).toBe("2027-02-24T23:59:59.000Z");
    expect(resolveExpiry("1d", limits).toISOString()).toBe("2026-11-27T23:59:59.000Z");
  });

  it.each([
    ["2027-11-27", /at most 365 days: choose 2027-11-26/],
    ["366d", /at most 365 days/],
    ["2026-11-26", /in the future: 2026-11-27 at the earliest/],
    ["0d", /in the future/],
    ["2027-02-29", /not an expiry/],
    ["next week", /not an expiry/],
  ])("refuses %s with a message that says what to type", (input, message) => {
    expect(() => resolveExpiry(input, limits)).toThrow(AppError);
    expect(() => resolveExpiry(input, limits)).toThrow(message);
  });

  it("reads a date as the end of that day in REMINDER_TIMEZONE, and its earliest and latest dates there", () => {
    // 23:30 in UTC on 26 November is already 27 November in Amsterdam.
    const late = { calendar: new Calendar(new Date("2026-11-26T23:30:00Z"), "Europe/Amsterdam"), maxDays: 365 };
    expect(resolveExpiry("2027-03-01", late).toISOString()).toBe("2027-03-01T22:59:59.000Z");
    expect(resolveExpiry("2027-07-01", late).toISOString()).toBe("2027-07-01T21:59:59.000Z");
    expect(() => resolveExpiry("2026-11-27", late)).toThrow(/in the future: 2026-11-28 at the earliest/);
  });
});
