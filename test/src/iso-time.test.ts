import { describe, expect, it } from "vitest";
import { parseIsoInstant } from "../../src/iso-time.js";

describe("ISO 8601 instants typed at the CLI", () => {
  it.each([
    ["2027-03-01", "2027-03-01T00:00:00.000Z"],
    ["2027-03-01T09:00", "2027-03-01T09:00:00.000Z"],
    ["2027-03-01T09:00:00Z", "2027-03-01T09:00:00.000Z"],
    ["2027-03-01 09:00:30.25", "2027-03-01T09:00:30.250Z"],
    ["2027-03-01T10:00:00+01:00", "2027-03-01T09:00:00.000Z"],
    ["2027-03-01T04:00:00-0500", "2027-03-01T09:00:00.000Z"],
    ["2028-02-29", "2028-02-29T00:00:00.000Z"],
  ])("reads %s as %s", (raw, iso) => {
    expect(parseIsoInstant(raw)?.toISOString()).toBe(iso);
  });

  it.each([
    "0",
    "12",
    "yesterday",
    "2027-3-1",
    "2027-13-01",
    "2027-02-30",
    "2027-03-01T24:00",
    "03/01/2027",
    "2027-03-01T09:00+25:00",
    "",
  ])("refuses %j", (raw) => {
    expect(parseIsoInstant(raw)).toBeNull();
  });
});
