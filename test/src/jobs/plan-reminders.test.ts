import { describe, expect, it } from "vitest";
import { LocalDays } from "../../../src/jobs/local-days.js";
import { dueThreshold } from "../../../src/jobs/plan-reminders.js";

const days = new LocalDays("UTC");
const reminderDays = [30, 14, 7, 3, 1];
const at = (iso: string) => new Date(iso).getTime();
/** A secret created long ago that expires on Wednesday 2027-03-31 at 12:00 UTC. */
const secret = { createdAt: at("2026-06-01T00:00:00Z"), expiresAt: at("2027-03-31T12:00:00Z") };
const due = (now: string, planned: string[] = [], s = secret, tz = days) =>
  dueThreshold(s, new Set(planned), { now: at(now), reminderDays, days: tz });

describe("which reminder is due", () => {
  it("sends nothing before the first threshold", () => {
    expect(due("2027-02-28T09:00:00Z")).toBeNull();
  });

  it.each([
    ["2027-03-01T09:00:00Z", "30d"],
    ["2027-03-17T09:00:00Z", "14d"],
    ["2027-03-24T09:00:00Z", "7d"],
    ["2027-03-30T09:00:00Z", "1d"],
    ["2027-03-31T09:00:00Z", "expiry-day"],
    ["2027-03-31T12:00:00Z", "expired"],
    ["2027-04-05T09:00:00Z", "expired"],
  ])("on %s sends the %s reminder", (now, threshold) => {
    expect(due(now)).toBe(threshold);
  });

  it("moves a threshold that falls on a weekend to the Friday before", () => {
    // 3 days before Wednesday 31 March is Sunday 28 March: it goes out on Friday 26 March.
    expect(due("2027-03-25T09:00:00Z", ["7d"])).toBeNull();
    expect(due("2027-03-26T09:00:00Z", ["7d"])).toBe("3d");
  });

  it("sends an expiry day that falls on a Sunday on the Friday before", () => {
    const sunday = { createdAt: at("2026-06-01T00:00:00Z"), expiresAt: at("2027-03-28T15:00:00Z") };
    expect(due("2027-03-26T09:00:00Z", ["7d"], sunday)).toBe("expiry-day");
  });

  it("sends only the most urgent threshold after missed passes, not a burst", () => {
    expect(due("2027-03-30T09:00:00Z", [])).toBe("1d");
    expect(due("2027-03-30T09:00:00Z", ["30d"])).toBe("1d");
  });

  it("never repeats a threshold already planned, nor falls back to a less urgent one", () => {
    expect(due("2027-03-24T09:00:00Z", ["7d"])).toBeNull();
    expect(due("2027-03-25T09:00:00Z", ["7d", "30d"])).toBeNull();
    expect(due("2027-03-31T13:00:00Z", ["expired"])).toBeNull();
  });

  it("skips thresholds that had passed before the secret was created", () => {
    const young = { createdAt: at("2027-03-20T10:00:00Z"), expiresAt: secret.expiresAt };
    expect(due("2027-03-20T11:00:00Z", [], young)).toBeNull();
    expect(due("2027-03-24T09:00:00Z", [], young)).toBe("7d");
  });

  it("gives a secret expired long ago no reminder", () => {
    expect(due("2027-05-15T09:00:00Z")).toBeNull();
  });

  it("counts days in the reminder time zone", () => {
    const tokyo = new LocalDays("Asia/Tokyo");
    // 2027-03-31T12:00Z is 21:00 on 31 March in Tokyo; at 2027-03-29T16:00Z it is already 30 March there.
    expect(due("2027-03-29T14:00:00Z", ["3d"], secret, tokyo)).toBeNull();
    expect(due("2027-03-29T16:00:00Z", ["3d"], secret, tokyo)).toBe("1d");
  });
});
