import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderCallError } from "../../../../adapters/providers/http/provider-error.js";
import { FakeOkta, OKTA_TOKEN } from "../../../fakes/fake-okta.js";
import { FixedClock } from "../../../fakes/fixed-clock.js";
import { refusal } from "../../../helpers/errors.js";
import { asProviderApp, directOkta } from "./okta-direct.js";

const OUTAGE = "❌ Okta is not answering; nothing was changed. Try again in a minute.";
const DAY = 86_400_000;
const IN_30_DAYS = new Date("2026-12-26T10:00:00.000Z");
const SSWS = `SSWS ${OKTA_TOKEN}`;

describe("the Okta provider over the Management API", () => {
  let clock: FixedClock;
  let okta: FakeOkta;
  beforeEach(async () => {
    clock = new FixedClock();
    okta = await FakeOkta.start(clock);
  });
  afterEach(() => okta.close());

  it("creates a secret with the API token, returning Okta's value once, with the bot's lifetime as its expiry", async () => {
    const app = okta.org.addApp("Partner-NL-Search");
    const { provider } = directOkta(okta, clock);
    const created = await provider.createSecret(asProviderApp(app), { expiresAt: IN_30_DAYS });
    expect(okta.requests).toEqual([
      { method: "POST", path: `/api/v1/apps/${app.id}/credentials/secrets`, query: {}, body: {}, authorization: SSWS },
    ]);
    const [secret] = app.secrets;
    expect(created).toEqual({
      keyId: secret?.id,
      hint: secret?.client_secret.slice(0, 3),
      value: secret?.client_secret,
      hash: null,
      expiresAt: IN_30_DAYS,
    });
  });

  it("lists an app's secrets without their values, each with the bot's lifetime from its creation and whether it is active, and null for an unknown app", async () => {
    const app = okta.org.addApp("Partner-NL-Search");
    const secret = okta.org.addSecret(app);
    const deactivated = okta.org.addSecret(app);
    deactivated.status = "INACTIVE";
    const { provider } = directOkta(okta, clock);
    const listed = (keyId: string, isActive: boolean) => ({
      keyId,
      hint: "???",
      displayName: "Secret made in Okta",
      createdAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 365 * DAY),
      isExpirySetByProvider: false,
      isActive,
    });
    expect(await provider.listSecrets(asProviderApp(app))).toEqual([
      listed(secret.id, true),
      listed(deactivated.id, false),
    ]);
    expect(okta.requests.at(-1)).toMatchObject({ method: "GET", path: `/api/v1/apps/${app.id}/credentials/secrets` });
    expect(await provider.listSecrets({ ...asProviderApp(app), providerRef: "0oaGone" })).toBeNull();
  });

  it("deletes in two steps, deactivate then delete, and counts a secret that is already gone as deleted", async () => {
    const app = okta.org.addApp("Partner-NL-Search");
    const keep = okta.org.addSecret(app);
    const old = okta.org.addSecret(app);
    const { provider } = directOkta(okta, clock);
    await provider.deleteSecret(asProviderApp(app), old.id);
    const url = `/api/v1/apps/${app.id}/credentials/secrets/${old.id}`;
    expect(okta.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ["GET", url, SSWS],
      ["POST", `${url}/lifecycle/deactivate`, SSWS],
      ["DELETE", url, SSWS],
    ]);
    expect(app.secrets).toEqual([keep]);
    expect(await provider.deleteSecret(asProviderApp(app), old.id)).toEqual({});
    expect(okta.requests.at(-1)?.method).toBe("GET");
  });

  it("deactivates a secret for the reminder pass, says 'gone' for a missing one, and explains Okta keeping an only secret", async () => {
    const app = okta.org.addApp("Partner-NL-Search");
    const only = okta.org.addSecret(app);
    const { provider } = directOkta(okta, clock);
    const kept = await refusal(() => provider.deactivateSecret(asProviderApp(app), only.id));
    expect([kept.code, kept.message]).toEqual([
      "CONFLICT",
      "Okta does not deactivate the only secret of an application, so Partner-NL-Search keeps it for now. Create a new secret first, then delete this one.",
    ]);
    const newer = okta.org.addSecret(app);
    expect(await provider.deactivateSecret(asProviderApp(app), only.id)).toBe("deactivated");
    expect([only.status, newer.status]).toEqual(["INACTIVE", "ACTIVE"]);
    expect(await provider.deactivateSecret(asProviderApp(app), "ocsGone")).toBe("gone");
  });

  it("refuses a third secret with the rule, changing nothing", async () => {
    const app = okta.org.addApp("Partner-NL-Search");
    okta.org.addSecret(app);
    okta.org.addSecret(app);
    const { provider } = directOkta(okta, clock);
    const error = await refusal(() => provider.createSecret(asProviderApp(app), { expiresAt: IN_30_DAYS }));
    expect([error.code, error.message]).toEqual([
      "CONFLICT",
      "Okta holds at most 2 secrets per application, and Partner-NL-Search has 2. Delete one you no longer use (`show Partner-NL-Search`), then try again.",
    ]);
    expect(app.secrets).toHaveLength(2);
  });

  it("finds the OIDC apps with client secrets that Okta's filter matches, following the Link header", async () => {
    for (let i = 0; i < 203; i++) okta.org.addApp(`Partner-${i}`);
    okta.org.addApp("Inactive", { status: "INACTIVE" });
    okta.org.addApp("Web app", { authMethod: "none" });
    okta.org.addApp("SAML app", { signOnMode: "SAML_2_0" });
    const withSecret = okta.org.addApp("Partner-NL-Search");
    const secret = okta.org.addSecret(withSecret);
    const { provider } = directOkta(okta, clock);
    const found = await provider.findApplications('status eq "ACTIVE"');
    expect(found).toHaveLength(204);
    expect(found.at(-1)).toEqual({
      clientId: withSecret.id,
      providerRef: withSecret.id,
      displayName: "Partner-NL-Search",
      secrets: [expect.objectContaining({ keyId: secret.id })],
    });
    const lists = okta.requests.filter((r) => r.path === "/api/v1/apps");
    expect(lists.map((r) => [r.query, r.authorization])).toEqual([
      [{ filter: 'status eq "ACTIVE"', limit: "200" }, SSWS],
      [{ filter: 'status eq "ACTIVE"', limit: "200", after: "200" }, SSWS],
    ]);

    const bad = await refusal(() => provider.findApplications('label sw "Partner"'));
    expect([bad.code, bad.message]).toEqual([
      "VALIDATION",
      'The filter "label sw "Partner"" was not accepted. Use an Okta apps filter such as status eq "ACTIVE" or name eq "oidc_client".',
    ]);
  });

  it("waits until X-Rate-Limit-Reset when Okta throttles (429), or as Retry-After says (503), then succeeds", async () => {
    const app = okta.org.addApp("Partner-NL-Search");
    const { provider, waits, logLines } = directOkta(okta, clock);
    const reset = String(Math.floor(clock.now().getTime() / 1000) + 4);
    okta.script.push(
      {
        status: 429,
        headers: { "x-rate-limit-reset": reset },
        body: { errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests." },
      },
      { status: 503, headers: { "retry-after": "1" } },
    );
    await provider.createSecret(asProviderApp(app), { expiresAt: IN_30_DAYS });
    expect(waits).toEqual([4000, 1000]);
    expect(app.secrets).toHaveLength(1);
    expect(logLines.join("")).toContain("the Okta API is throttling; waiting");

    const impatient = directOkta(okta, clock, { maxAttempts: 2 });
    okta.script.push(
      { status: 429, headers: { "x-rate-limit-reset": reset } },
      { status: 429, headers: { "x-rate-limit-reset": reset } },
    );
    const error = await refusal(() => impatient.provider.createSecret(asProviderApp(app), { expiresAt: IN_30_DAYS }));
    expect([error.code, error.message]).toEqual(["PROVIDER_UNAVAILABLE", OUTAGE]);
    expect(app.secrets).toHaveLength(1);
  });

  it("reports an outage (5xx, dropped connection, timeout, nobody listening) with the safe message", async () => {
    const app = okta.org.addApp("Partner-NL-Search");
    const { provider } = directOkta(okta, clock, { timeoutMs: 300 });
    okta.isDown = true;
    const serverError = await refusal(() => provider.listSecrets(asProviderApp(app)));
    okta.isDown = false;
    okta.script.push("drop");
    const dropped = await refusal(() => provider.createSecret(asProviderApp(app), { expiresAt: IN_30_DAYS }));
    okta.script.push("hang");
    const timedOut = await refusal(() => provider.listSecrets(asProviderApp(app)));
    for (const error of [serverError, dropped, timedOut]) {
      expect([error.code, error.message]).toEqual(["PROVIDER_UNAVAILABLE", OUTAGE]);
      expect(error.cause).toBeInstanceOf(ProviderCallError);
    }
    expect(String(serverError.cause)).toContain("HTTP 500 E0000009");
    await okta.close();
    expect((await refusal(() => provider.listSecrets(asProviderApp(app)))).message).toBe(OUTAGE);
  });

  it("says which permission the token's admin lacks (403), and that the token itself was refused (401), logging no token", async () => {
    const app = okta.org.addApp("Partner-NL-Search");
    okta.canManage = false;
    const { provider } = directOkta(okta, clock);
    const refused = await refusal(() => provider.createSecret(asProviderApp(app), { expiresAt: IN_30_DAYS }));
    expect(refused.message).toContain("❌ Okta refused the request; nothing was changed.");
    expect(refused.message).toContain(
      "the Application Administrator role for it, or a custom admin role with the okta.apps.manage permission",
    );
    expect(String(refused.cause)).toContain("HTTP 403 E0000006");

    okta.canManage = true;
    okta.validToken = "00a-new-token";
    const revoked = directOkta(okta, clock);
    const error = await refusal(() => revoked.provider.listSecrets(asProviderApp(app)));
    expect(error.message).toMatch(
      /^❌ Okta refused the bot's own credentials; nothing was changed\. Ask an administrator to check OKTA_API_TOKEN/,
    );
    expect(String(error.cause)).toContain("HTTP 401 E0000011");
    expect(okta.requests.filter((r) => r.method === "GET")).toHaveLength(1);
    expect(revoked.logLines.join("")).not.toContain(OKTA_TOKEN);
  });
});
