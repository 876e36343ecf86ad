import { describe, expect, it } from "vitest";
import { PasswordCredential, toProviderSecret } from "../../../../adapters/providers/entra/graph-schemas.js";
import { retryAfterMs } from "../../../../adapters/providers/http/retry-policy.js";

const NOW = new Date("2026-11-26T10:00:00.000Z");

describe("reading Graph's answers", () => {
  it("reads Retry-After as seconds or an HTTP date, and backs off exponentially without one", () => {
    expect(retryAfterMs("7", 1, NOW)).toBe(7000);
    expect(retryAfterMs("Thu, 26 Nov 2026 10:00:30 GMT", 1, NOW)).toBe(30_000);
    expect(retryAfterMs("Thu, 26 Nov 2026 09:00:00 GMT", 1, NOW)).toBe(0);
    expect([retryAfterMs(null, 1, NOW), retryAfterMs(null, 2, NOW), retryAfterMs("soon", 3, NOW)]).toEqual([
      1000, 2000, 4000,
    ]);
  });

  it("turns a listed password credential into provider-neutral metadata, also without a hint or name", () => {
    const listed = PasswordCredential.parse({
      customKeyIdentifier: null,
      displayName: null,
      endDateTime: "2027-09-09T19:50:29.3086381Z",
      hint: null,
      keyId: "4f3b1f8e-2a51-4c8e-9d0a-2b1c9e7d6a55",
      secretText: null,
      startDateTime: null,
    });
    expect(toProviderSecret(listed)).toEqual({
      keyId: "4f3b1f8e-2a51-4c8e-9d0a-2b1c9e7d6a55",
      hint: "???",
      displayName: "Unnamed secret",
      createdAt: null,
      expiresAt: new Date("2027-09-09T19:50:29.308Z"),
    });
  });
});
