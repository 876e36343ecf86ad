import { describe, expect, it } from "vitest";
import { isUsageKnown, readRotation, type Usage } from "../../src/rotation.js";

const HOUR = 3_600_000;
const t0 = Date.parse("2027-03-01T09:00:00Z");
const at = (hours: number) => new Date(t0 + hours * HOUR);
const used = (first: number | null, last: number | null = first): Usage => ({
  firstUsedAt: first === null ? null : at(first),
  lastUsedAt: last === null ? null : at(last),
  usageReportedAt: null,
});
const recorded = { usage: "recorded" as const };
const read = (newer: Usage, olders: Usage[], nowHours: number, capabilities = recorded) =>
  readRotation({ newer, olders, now: at(nowHours), idleHours: 24, capabilities });

describe("a rotation's state, read from the evidence", () => {
  it("is done when no older secret is left, whatever the evidence", () => {
    expect(read(used(null), [], 1).state).toBe("done");
  });

  it("waits until the newer secret is used, however quiet the older one is", () => {
    expect(read(used(null), [used(0)], 100).state).toBe("waiting");
  });

  it("is switching until no older secret has been used for the idle hours after the newer took over", () => {
    // The newer first used at 10 h, the older last at 2 h: idle from 10 + 24 = 34 h.
    expect(read(used(10), [used(0, 2)], 33)).toEqual({ state: "switching", idleFrom: at(34) });
    expect(read(used(10), [used(0, 2)], 34)).toEqual({ state: "idle", idleFrom: at(34) });
    // An older one used after the newer took over counts from its own last use.
    expect(read(used(10), [used(0, 2), used(0, 30)], 40).state).toBe("switching");
    expect(read(used(10), [used(0, 2), used(0, 30)], 54).state).toBe("idle");
  });

  it("reads the evidence as of the moment asked about: later uses do not count yet", () => {
    expect(read(used(10), [used(0, 2)], 9).state).toBe("waiting");
    expect(read(used(10), [used(0, 50)], 40).state).toBe("idle");
  });

  it("is unknown where the provider reports no use, or its report could not be read", () => {
    expect(read(used(null), [used(null)], 100, { usage: "none" } as never).state).toBe("unknown");
    expect(read(used(10), [used(0, 2)], 100, { usage: "reported" } as never).state).toBe("unknown");
    const reported: Usage = { ...used(10), usageReportedAt: at(99) };
    expect(
      read(reported, [{ ...used(0, 2), usageReportedAt: at(99) }], 100, { usage: "reported" } as never).state,
    ).toBe("idle");
    expect(isUsageKnown({ usage: "none" }, reported)).toBe(false);
  });
});
