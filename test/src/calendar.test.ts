import { describe, expect, it } from "vitest";
import { Calendar } from "../../src/calendar.js";
import { expiryPhrase, statusLabel } from "../../src/messages/format.js";

describe("the calendar every surface counts days with", () => {
  const at = (now: string, zone = "UTC") => new Calendar(new Date(now), zone);

  it("says tomorrow for a secret that expires tomorrow, however many hours are left", () => {
    const morning = at("2027-03-01T09:00:00Z");
    const tomorrowNight = new Date("2027-03-02T23:59:59Z");
    expect(morning.daysUntil(tomorrowNight)).toBe(1);
    expect(expiryPhrase(tomorrowNight, morning)).toBe("expires tomorrow");
    expect(statusLabel(tomorrowNight, morning)).toBe("⚠️ expires tomorrow");
    expect(expiryPhrase(new Date("2027-03-01T23:00:00Z"), morning)).toBe("expires today");
    expect(expiryPhrase(new Date("2027-03-31T00:00:01Z"), morning)).toBe("expires in 30 days");
    expect(expiryPhrase(new Date("2027-03-01T08:00:00Z"), morning)).toBe("has expired");
    expect(expiryPhrase(new Date("2027-02-28T08:00:00Z"), morning)).toBe("expired yesterday");
    expect(expiryPhrase(new Date("2027-02-20T08:00:00Z"), morning)).toBe("expired 9 days ago");
  });

  it("marks a secret expiring within 30 calendar days, today included, as expiring", () => {
    const morning = at("2027-03-01T09:00:00Z");
    expect(morning.status(new Date("2027-03-31T23:59:59Z"))).toBe("expiring");
    expect(morning.status(new Date("2027-04-01T00:00:00Z"))).toBe("active");
    expect(morning.status(new Date("2027-03-01T09:00:00Z"))).toBe("expired");
  });

  it("counts and dates in REMINDER_TIMEZONE, not UTC", () => {
    // 23:30 UTC on 1 March is 2 March in Amsterdam: a secret expiring 2 March 22:00 UTC expires today there.
    const amsterdam = at("2027-03-01T23:30:00Z", "Europe/Amsterdam");
    const expiry = new Date("2027-03-02T22:00:00Z");
    expect(amsterdam.daysUntil(expiry)).toBe(0);
    expect(amsterdam.dateOf(expiry)).toBe("2027-03-02");
    expect(at("2027-03-01T23:30:00Z").daysUntil(expiry)).toBe(1);
    expect(amsterdam.dateIn(1)).toBe("2027-03-03");
    expect(amsterdam.endOfDayIn(0).toISOString()).toBe("2027-03-02T22:59:59.000Z");
  });

  it("ends a day right across a change of summer time", () => {
    const spring = at("2027-03-27T12:00:00Z", "Europe/Amsterdam");
    expect(spring.endOfDate("2027-03-27").toISOString()).toBe("2027-03-27T22:59:59.000Z");
    expect(spring.endOfDate("2027-03-28").toISOString()).toBe("2027-03-28T21:59:59.000Z");
    expect(spring.daysUntil(new Date("2027-03-28T21:59:59Z"))).toBe(1);
  });
});
