import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../../adapters/http/retry-after.js";

const NOW = new Date("2026-11-26T10:00:00.000Z");

describe("reading a Retry-After header", () => {
  it("reads delay-seconds as milliseconds", () => {
    expect(parseRetryAfter("7", NOW)).toBe(7000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
  });

  it("reads an HTTP-date in the future as the time until then, in all three date forms", () => {
    expect(parseRetryAfter("Thu, 26 Nov 2026 10:00:30 GMT", NOW)).toBe(30_000);
    expect(parseRetryAfter("Thursday, 26-Nov-26 10:01:00 GMT", NOW)).toBe(60_000);
    expect(parseRetryAfter("Thu Nov 26 10:00:05 2026", NOW)).toBe(5000);
  });

  it("reads an HTTP-date in the past as no wait, never a negative one", () => {
    expect(parseRetryAfter("Thu, 26 Nov 2026 09:00:00 GMT", NOW)).toBe(0);
  });

  it("gives undefined for garbage, so the caller keeps its own default", () => {
    for (const garbage of ["soon", "-5", "1.5", "5 seconds", "2026-11-26T10:00:30Z", "Thu, 99 Foo 2026 10:00:30 GMT"]) {
      expect(parseRetryAfter(garbage, NOW)).toBeUndefined();
    }
  });

  it("gives undefined when the header is absent or empty", () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter("", NOW)).toBeUndefined();
  });
});
