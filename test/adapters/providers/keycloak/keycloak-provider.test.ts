import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderCallError } from "../../../../adapters/providers/http/provider-error.js";
import { FakeKeycloak, KC_BOT_CLIENT_ID, KC_BOT_SECRET, REALM } from "../../../fakes/fake-keycloak.js";
import { FixedClock } from "../../../fakes/fixed-clock.js";
import { refusal } from "../../../helpers/errors.js";
import { asProviderApp, directKeycloak } from "./keycloak-direct.js";

const OUTAGE = "❌ Keycloak is not answering; nothing was changed. Try again in a minute.";
const DAY = 86_400_000;
const IN_30_DAYS = new Date("2026-12-26T10:00:00.000Z");
const ADMIN = `/admin/realms/${REALM}`;

describe("the Keycloak provider over the Admin REST API", () => {
  let clock: FixedClock;
  let kc: FakeKeycloak;
  beforeEach(async () => {
    clock = new FixedClock();
    kc = await FakeKeycloak.start(clock);
  });
  afterEach(() => kc.close());

  it("gets a token at the realm's token endpoint and regenerates the secret with it, returning the value once", async () => {
    const client = kc.realm.addClient("partner-nl-search");
    const previous = client.secret;
    const { provider } = directKeycloak(kc, clock);
    clock.advance(60_000);
    const created = await provider.createSecret(asProviderApp(client), { expiresAt: IN_30_DAYS });

    expect(kc.tokenRequests()).toMatchObject([
      {
        method: "POST",
        path: `/realms/${REALM}/protocol/openid-connect/token`,
        body: { grant_type: "client_credentials", client_id: KC_BOT_CLIENT_ID, client_secret: KC_BOT_SECRET },
      },
    ]);
    const bearer = `Bearer ${kc.issuedTokens[0]}`;
    expect(kc.adminRequests()).toEqual([
      {
        method: "POST",
        path: `${ADMIN}/clients/${client.id}/client-secret`,
        query: {},
        body: null,
        authorization: bearer,
      },
      { method: "GET", path: `${ADMIN}/clients/${client.id}`, query: {}, body: null, authorization: bearer },
    ]);
    expect(created.value).toBe(client.secret);
    expect(created).toMatchObject({ hint: client.secret.slice(0, 3), hash: null });
    expect(created.keyId).toMatch(/^kc-[\w-]{22}$/);
    expect(created.keyId).not.toContain(client.secret.slice(0, 8));
    // The realm's rotation policy sets the expiry (90 days), and keeps the previous secret for 3 days.
    expect(created.expiresAt).toEqual(new Date(clock.now().getTime() + 90 * DAY));
    expect(created.remaining?.map((s) => [s.hint, s.expiresAt])).toEqual([
      [client.secret.slice(0, 3), new Date(clock.now().getTime() + 90 * DAY)],
      [previous.slice(0, 3), new Date(clock.now().getTime() + 3 * DAY)],
    ]);
    expect(kc.realm.accepts(client, previous)).toBe(true);
  });

  it("keeps the bot's expiry where the realm has no rotation policy, and nothing of the previous secret", async () => {
    kc.realm.rotation = null;
    const client = kc.realm.addClient("partner-nl-search");
    const previous = client.secret;
    const { provider } = directKeycloak(kc, clock);
    const created = await provider.createSecret(asProviderApp(client), { expiresAt: IN_30_DAYS });
    expect(created.expiresAt).toEqual(IN_30_DAYS);
    expect(created.remaining?.map((s) => s.keyId)).toEqual([created.keyId]);
    expect(kc.realm.accepts(client, previous)).toBe(false);
  });

  it("lists the current and the rotated secret, whose key id stays the same when it becomes the rotated one", async () => {
    const client = kc.realm.addClient("partner-nl-search");
    const { provider } = directKeycloak(kc, clock);
    const [before] = (await provider.listSecrets(asProviderApp(client))) ?? [];
    expect(before).toEqual({
      keyId: expect.stringMatching(/^kc-/),
      hint: client.secret.slice(0, 3),
      displayName: "Current secret (set in Keycloak)",
      createdAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 90 * DAY),
      isExpirySetByProvider: true,
    });
    clock.advance(DAY);
    kc.realm.regenerate(client);
    const after = (await provider.listSecrets(asProviderApp(client))) ?? [];
    expect(after.map((s) => s.displayName)).toEqual([
      "Current secret (set in Keycloak)",
      "Previous secret (rotated in Keycloak)",
    ]);
    expect(after[1]).toMatchObject({ keyId: before?.keyId, expiresAt: new Date(clock.now().getTime() + 3 * DAY) });
    expect(await provider.listSecrets({ ...asProviderApp(client), providerRef: "no-such-client" })).toBeNull();
  });

  it("deletes the rotated secret by invalidating it, and the current one by regenerating and invalidating what that rotated", async () => {
    const client = kc.realm.addClient("partner-nl-search");
    const first = client.secret;
    kc.realm.regenerate(client);
    const second = client.secret;
    const { provider } = directKeycloak(kc, clock);
    const [current, rotated] = (await provider.listSecrets(asProviderApp(client))) ?? [];

    const afterRotated = await provider.deleteSecret(asProviderApp(client), rotated?.keyId ?? "");
    expect(kc.adminRequests().at(-1)).toMatchObject({
      method: "DELETE",
      path: `${ADMIN}/clients/${client.id}/client-secret/rotated`,
      authorization: `Bearer ${kc.issuedTokens[0]}`,
    });
    expect(kc.realm.accepts(client, first)).toBe(false);
    expect(afterRotated.remaining?.map((s) => s.keyId)).toEqual([current?.keyId]);

    const before = kc.adminRequests().length;
    const afterCurrent = await provider.deleteSecret(asProviderApp(client), current?.keyId ?? "");
    expect(
      kc
        .adminRequests()
        .slice(before)
        .map((r) => `${r.method} ${r.path.replace(ADMIN, "")}`),
    ).toEqual([
      `GET /clients/${client.id}`,
      `POST /clients/${client.id}/client-secret`,
      `GET /clients/${client.id}`,
      `DELETE /clients/${client.id}/client-secret/rotated`,
    ]);
    expect(kc.realm.accepts(client, second)).toBe(false);
    expect(afterCurrent.remaining).toEqual([
      expect.objectContaining({ hint: client.secret.slice(0, 3), displayName: "Current secret (set in Keycloak)" }),
    ]);
    // A secret that is already gone counts as deleted, and changes nothing.
    const again = kc.adminRequests().length;
    expect(await provider.deleteSecret(asProviderApp(client), current?.keyId ?? "")).toEqual({
      remaining: afterCurrent.remaining,
    });
    expect(
      kc
        .adminRequests()
        .slice(again)
        .map((r) => r.method),
    ).toEqual(["GET"]);
  });

  it("says what creating ends: the rotated secret under the rotation policy, else the current one", async () => {
    const client = kc.realm.addClient("partner-nl-search");
    kc.realm.regenerate(client);
    const { provider } = directKeycloak(kc, clock);
    const [current, rotated] = (await provider.listSecrets(asProviderApp(client))) ?? [];
    expect(await provider.planCreate(asProviderApp(client))).toEqual({ ends: [rotated?.keyId], keepsPrevious: true });
    kc.realm.rotation = null;
    kc.realm.regenerate(client);
    const [now] = (await provider.listSecrets(asProviderApp(client))) ?? [];
    expect(now?.keyId).not.toBe(current?.keyId);
    expect(await provider.planCreate(asProviderApp(client))).toEqual({ ends: [now?.keyId], keepsPrevious: false });
  });

  it("finds the confidential clients whose clientId starts with the filter, page by page, never its own client", async () => {
    for (let i = 0; i < 101; i++) kc.realm.addClient(`partner-nl-${String(i).padStart(3, "0")}`);
    kc.realm.addClient("old-partner-nl-app");
    kc.realm.addClient("partner-nl-web", { publicClient: true });
    kc.realm.addClient("partner-nl-api", { bearerOnly: true });
    kc.realm.addClient("partner-nl-jwt", { clientAuthenticatorType: "client-jwt" });
    kc.realm.addClient(KC_BOT_CLIENT_ID, { name: "partner-nl bot" });
    const named = kc.realm.addClient("partner-nl-search", { name: "Partner NL Search" });
    const { provider } = directKeycloak(kc, clock);

    const found = await provider.findApplications("partner-nl-");
    expect(found).toHaveLength(102);
    expect(found.find((f) => f.clientId === "partner-nl-search")).toEqual({
      clientId: "partner-nl-search",
      providerRef: named.id,
      displayName: "Partner NL Search",
      secrets: [expect.objectContaining({ hint: named.secret.slice(0, 3) })],
    });
    const lists = kc.adminRequests().filter((r) => r.path === `${ADMIN}/clients`);
    expect(lists.map((r) => r.query)).toEqual([
      { clientId: "partner-nl-", search: "true", first: "0", max: "100" },
      { clientId: "partner-nl-", search: "true", first: "100", max: "100" },
    ]);
  });

  it("waits as long as Retry-After says when Keycloak throttles (429) or is busy (503), then succeeds", async () => {
    const client = kc.realm.addClient("partner-nl-search");
    const { provider, waits, logLines } = directKeycloak(kc, clock);
    kc.script.push({ status: 429, headers: { "retry-after": "2" } }, { status: 503, headers: { "retry-after": "1" } });
    await provider.createSecret(asProviderApp(client), { expiresAt: IN_30_DAYS });
    expect(waits).toEqual([2000, 1000]);
    expect(kc.adminRequests().filter((r) => r.method === "POST")).toHaveLength(3);
    expect(kc.realm.secretValues).toHaveLength(2);
    expect(logLines.join("")).toContain("the Keycloak Admin API is throttling; waiting");

    const impatient = directKeycloak(kc, clock, { maxTotalWaitMs: 5_000 });
    kc.script.push({ status: 429, headers: { "retry-after": "60" } });
    const error = await refusal(() =>
      impatient.provider.createSecret(asProviderApp(client), { expiresAt: IN_30_DAYS }),
    );
    expect([error.code, error.message, impatient.waits]).toEqual(["PROVIDER_UNAVAILABLE", OUTAGE, []]);
    expect(kc.realm.secretValues).toHaveLength(2);
  });

  it("reports an outage (5xx, dropped connection, timeout, nobody listening) with the safe message and the detail in cause", async () => {
    const client = kc.realm.addClient("partner-nl-search");
    const { provider } = directKeycloak(kc, clock, { timeoutMs: 300 });
    const app = asProviderApp(client);
    kc.isDown = true;
    const serverError = await refusal(() => provider.listSecrets(app));
    kc.isDown = false;
    kc.script.push("drop");
    const dropped = await refusal(() => provider.listSecrets(app));
    kc.script.push("hang");
    const timedOut = await refusal(() => provider.createSecret(app, { expiresAt: IN_30_DAYS }));
    for (const error of [serverError, dropped, timedOut]) {
      expect([error.code, error.message]).toEqual(["PROVIDER_UNAVAILABLE", OUTAGE]);
      expect(error.cause).toBeInstanceOf(ProviderCallError);
    }
    expect(String(serverError.cause)).toContain("HTTP 500 unknown_error");
    expect(String(timedOut.cause)).toMatch(/TimeoutError/);
    await kc.close();
    const gone = await refusal(() => provider.listSecrets(app));
    expect([gone.code, gone.message]).toEqual(["PROVIDER_UNAVAILABLE", OUTAGE]);
  });

  it("says which realm-management roles the service account needs when Keycloak refuses it (403)", async () => {
    const client = kc.realm.addClient("partner-nl-search");
    const secret = client.secret;
    kc.roles.delete("manage-clients");
    const { provider } = directKeycloak(kc, clock);
    const error = await refusal(() => provider.createSecret(asProviderApp(client), { expiresAt: IN_30_DAYS }));
    expect(error.code).toBe("PROVIDER_UNAVAILABLE");
    expect(error.message).toBe(
      `❌ Keycloak refused the request; nothing was changed. Ask an administrator to check that the bot's service account (${KC_BOT_CLIENT_ID}) has the realm-management roles view-clients and manage-clients in realm ${REALM}.`,
    );
    expect(String(error.cause)).toContain("HTTP 403");
    expect(client.secret).toBe(secret);
  });

  it("says the bot's own credentials were refused, naming the variables to check and logging no secret", async () => {
    const client = kc.realm.addClient("partner-nl-search");
    const wrong = "expired-bot-secret-0123456789";
    const { provider, logLines } = directKeycloak(kc, clock, { clientSecret: wrong });
    const error = await refusal(() => provider.listSecrets(asProviderApp(client)));
    expect(error.message).toMatch(
      /^❌ Keycloak refused the bot's own credentials; nothing was changed\. Ask an administrator to check KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET/,
    );
    expect(String(error.cause)).toContain("HTTP 401 unauthorized_client");
    expect(kc.adminRequests()).toEqual([]);
    expect(logLines.join("")).toContain("Keycloak refused the bot's own credentials");
    expect(logLines.join("")).not.toContain(wrong);
  });

  it("gets a new token when the Admin API says the old one is no longer valid", async () => {
    const client = kc.realm.addClient("partner-nl-search");
    const { provider } = directKeycloak(kc, clock);
    await provider.listSecrets(asProviderApp(client));
    kc.expireTokens();
    await provider.listSecrets(asProviderApp(client));
    expect(kc.tokenRequests()).toHaveLength(2);
    expect(kc.adminRequests().map((r) => r.authorization)).toEqual([
      `Bearer ${kc.issuedTokens[0]}`,
      `Bearer ${kc.issuedTokens[0]}`,
      `Bearer ${kc.issuedTokens[1]}`,
    ]);
  });
});
