import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderCallError } from "../../../../adapters/providers/http/provider-error.js";
import { BOT_CLIENT_ID, BOT_CLIENT_SECRET, FakeGraph, TENANT } from "../../../fakes/fake-graph.js";
import { FixedClock } from "../../../fakes/fixed-clock.js";
import { refusal } from "../../../helpers/errors.js";
import { asProviderApp, directProvider } from "./entra-direct.js";

const OUTAGE = "❌ Microsoft Entra is not answering; nothing was changed. Try again in a minute.";
const CREDENTIALS_REFUSED =
  "❌ Microsoft Entra refused the bot's own credentials; nothing was changed. Ask an administrator to check ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET (the secret may have expired).";
const IN_90_DAYS = new Date("2027-02-24T10:00:00.000Z");

describe("the Entra provider over Microsoft Graph", () => {
  let clock: FixedClock;
  let graph: FakeGraph;
  beforeEach(async () => {
    clock = new FixedClock();
    graph = await FakeGraph.start(clock);
  });
  afterEach(() => graph.close());

  it("gets a client-credentials token and adds a password with it, returning the secretText once", async () => {
    const registration = graph.addApplication("Partner-NL-Search");
    const { provider } = directProvider(graph, clock);
    const created = await provider.createSecret(asProviderApp(registration), {
      displayName: "Secret by ann",
      expiresAt: IN_90_DAYS,
      now: clock.now(),
    });

    const [tokenRequest] = graph.tokenRequests();
    expect(tokenRequest).toMatchObject({ method: "POST", path: `/${TENANT}/oauth2/v2.0/token` });
    expect(tokenRequest?.body).toEqual({
      grant_type: "client_credentials",
      client_id: BOT_CLIENT_ID,
      client_secret: BOT_CLIENT_SECRET,
      scope: `${graph.url}/.default`,
    });
    expect(graph.graphRequests()).toEqual([
      {
        method: "POST",
        path: `/v1.0/applications(appId='${registration.appId}')/addPassword`,
        query: {},
        body: { passwordCredential: { displayName: "Secret by ann", endDateTime: IN_90_DAYS.toISOString() } },
        authorization: `Bearer ${graph.issuedTokens[0]}`,
      },
    ]);
    const [stored] = registration.passwordCredentials;
    expect(created).toEqual({
      keyId: stored?.keyId,
      hint: stored?.hint,
      value: graph.directory.secretTexts[0],
      hash: null,
      expiresAt: IN_90_DAYS,
    });
    expect(created.value.slice(0, 3)).toBe(created.hint);
    expect(stored?.secretText).toBeNull();
  });

  it("reuses its token until five minutes before it expires, then gets a new one", async () => {
    const registration = graph.addApplication("Partner-NL-Search");
    const { provider } = directProvider(graph, clock);
    await provider.listSecrets(asProviderApp(registration));
    clock.advance(54 * 60_000);
    await provider.listSecrets(asProviderApp(registration));
    expect(graph.tokenRequests()).toHaveLength(1);
    clock.advance(60_000);
    await provider.listSecrets(asProviderApp(registration));
    expect(graph.tokenRequests()).toHaveLength(2);
    expect(graph.graphRequests().map((r) => r.authorization)).toEqual([
      `Bearer ${graph.issuedTokens[0]}`,
      `Bearer ${graph.issuedTokens[0]}`,
      `Bearer ${graph.issuedTokens[1]}`,
    ]);
  });

  it("renews an expired bot token once when Graph answers 401, and repeats the request with the new one", async () => {
    const registration = graph.addApplication("Partner-NL-Search");
    const { provider } = directProvider(graph, clock);
    await provider.listSecrets(asProviderApp(registration));
    graph.expireTokens();
    const created = await provider.createSecret(asProviderApp(registration), {
      displayName: "After renewal",
      expiresAt: IN_90_DAYS,
      now: clock.now(),
    });
    expect(created.keyId).toBe(registration.passwordCredentials[0]?.keyId);
    expect(graph.tokenRequests()).toHaveLength(2);
    const [, refused, repeated] = graph.graphRequests();
    expect(refused?.authorization).toBe(`Bearer ${graph.issuedTokens[0]}`);
    expect(repeated?.authorization).toBe(`Bearer ${graph.issuedTokens[1]}`);
    expect(repeated?.body).toEqual(refused?.body);
    expect(registration.passwordCredentials).toHaveLength(1);
  });

  it("says the bot's own credentials were refused when Graph refuses the new token as well", async () => {
    const registration = graph.addApplication("Partner-NL-Search");
    const { provider } = directProvider(graph, clock);
    const unauthorized = { status: 401, body: { error: { code: "InvalidAuthenticationToken", message: "no" } } };
    graph.script.push(unauthorized, unauthorized);
    const error = await refusal(() => provider.listSecrets(asProviderApp(registration)));
    expect([error.code, error.message]).toEqual(["PROVIDER_UNAVAILABLE", CREDENTIALS_REFUSED]);
    expect(graph.graphRequests()).toHaveLength(2);
  });

  it("removes a password credential, and counts a key or app registration that is already gone as removed", async () => {
    const registration = graph.addApplication("Partner-NL-Search");
    const credential = graph.directory.addCredential(registration, {
      displayName: "Portal",
      start: clock.now(),
      end: IN_90_DAYS,
    });
    const { provider } = directProvider(graph, clock);
    const app = asProviderApp(registration);
    await provider.deleteSecret(app, credential.keyId);
    expect(registration.passwordCredentials).toEqual([]);
    const [removal] = graph.graphRequests();
    expect(removal).toMatchObject({
      method: "POST",
      path: `/v1.0/applications(appId='${registration.appId}')/removePassword`,
      body: { keyId: credential.keyId },
      authorization: `Bearer ${graph.issuedTokens[0]}`,
    });

    await expect(provider.deleteSecret(app, credential.keyId)).resolves.toEqual({});
    graph.directory.applications.splice(0);
    await expect(provider.deleteSecret(app, credential.keyId)).resolves.toEqual({});
    expect(graph.graphRequests().map((r) => `${r.method} ${r.path.split("/").at(-1)}`)).toEqual([
      "POST removePassword",
      "POST removePassword",
      `GET applications(appId='${registration.appId}')`,
      "POST removePassword",
    ]);
  });

  it("lists an application's secrets with key id, hint, display name and dates, and null for an unknown clientId", async () => {
    const registration = graph.addApplication("Partner-NL-Search");
    const start = new Date("2026-01-05T08:00:00.000Z");
    const credential = graph.directory.addCredential(registration, { displayName: "Portal", start, end: IN_90_DAYS });
    const { provider } = directProvider(graph, clock);
    expect(await provider.listSecrets(asProviderApp(registration))).toEqual([
      {
        keyId: credential.keyId,
        hint: credential.hint,
        displayName: "Portal",
        createdAt: start,
        expiresAt: IN_90_DAYS,
      },
    ]);
    expect(graph.graphRequests()[0]?.query).toEqual({
      $select: "id,appId,displayName,passwordCredentials,keyCredentials",
    });
    expect(await provider.listSecrets({ ...asProviderApp(registration), clientId: "no-such-app-id" })).toBeNull();
  });

  it("waits as long as Retry-After says when Graph throttles (429) or is busy (503), then succeeds", async () => {
    const registration = graph.addApplication("Partner-NL-Search");
    const { provider, waits, logLines } = directProvider(graph, clock);
    graph.script.push(
      { status: 429, headers: { "retry-after": "3" }, body: { error: { code: "TooManyRequests", message: "" } } },
      { status: 503, headers: { "retry-after": "1" }, body: { error: { code: "ServiceUnavailable", message: "" } } },
    );
    await provider.createSecret(asProviderApp(registration), {
      displayName: "x",
      expiresAt: IN_90_DAYS,
      now: clock.now(),
    });
    expect(waits).toEqual([3000, 1000]);
    expect(graph.graphRequests().filter((r) => r.path.endsWith("/addPassword"))).toHaveLength(3);
    expect(registration.passwordCredentials).toHaveLength(1);
    expect(logLines.join("")).toContain("Microsoft Graph is throttling; waiting");
  });

  it("stops when throttling outlasts its budget of tries or waiting time, and changes nothing", async () => {
    const registration = graph.addApplication("Partner-NL-Search");
    const throttled = { status: 429, headers: { "retry-after": "10" } };
    const short = directProvider(graph, clock, { maxTotalWaitMs: 5_000 });
    graph.script.push(throttled);
    const tooLong = await refusal(() =>
      short.provider.createSecret(asProviderApp(registration), {
        displayName: "x",
        expiresAt: IN_90_DAYS,
        now: clock.now(),
      }),
    );
    expect([tooLong.code, tooLong.message, short.waits]).toEqual(["PROVIDER_UNAVAILABLE", OUTAGE, []]);

    const few = directProvider(graph, clock, { maxAttempts: 3 });
    graph.script.push(throttled, throttled, throttled);
    const tooMany = await refusal(() => few.provider.listSecrets(asProviderApp(registration)));
    expect([tooMany.code, few.waits]).toEqual(["PROVIDER_UNAVAILABLE", [10_000, 10_000]]);
    expect(graph.graphRequests()).toHaveLength(4);
    expect(registration.passwordCredentials).toEqual([]);
  });

  it("reports an outage (5xx, refused or dropped connection, timeout) with the safe message and the detail in cause", async () => {
    const registration = graph.addApplication("Partner-NL-Search");
    const { provider } = directProvider(graph, clock, { timeoutMs: 300 });
    const app = asProviderApp(registration);
    graph.isDown = true;
    const serverError = await refusal(() => provider.listSecrets(app));
    graph.isDown = false;
    graph.script.push("drop");
    const dropped = await refusal(() => provider.listSecrets(app));
    graph.script.push("hang");
    const timedOut = await refusal(() => provider.listSecrets(app));
    for (const error of [serverError, dropped, timedOut]) {
      expect([error.code, error.message]).toEqual(["PROVIDER_UNAVAILABLE", OUTAGE]);
      expect(error.cause).toBeInstanceOf(ProviderCallError);
    }
    expect(String(serverError.cause)).toContain("HTTP 500 UnknownError");
    expect(String(timedOut.cause)).toMatch(/TimeoutError/);

    await graph.close();
    const refused = await refusal(() => provider.listSecrets(app));
    expect([refused.code, refused.message]).toEqual(["PROVIDER_UNAVAILABLE", OUTAGE]);
    expect(String(refused.cause)).toContain("no answer network");
  });

  it("never shows Graph's own error text: a refusal or a missing app registration says what to do", async () => {
    const notOwned = graph.addApplication("Someone-Elses", { isOwnedByBot: false });
    const { provider } = directProvider(graph, clock);
    const input = { displayName: "x", expiresAt: IN_90_DAYS, now: clock.now() };
    const refused = await refusal(() => provider.createSecret(asProviderApp(notOwned), input));
    expect(refused.code).toBe("PROVIDER_UNAVAILABLE");
    expect(refused.message).toMatch(
      /^❌ Microsoft Entra refused the request; nothing was changed\. Ask an administrator/,
    );
    expect(refused.message).not.toContain("Insufficient privileges");
    expect(String(refused.cause)).toContain("HTTP 403 Authorization_RequestDenied — Insufficient privileges");

    const gone = await refusal(() =>
      provider.createSecret({ ...asProviderApp(notOwned), clientId: "deleted-app" }, input),
    );
    expect(gone.code).toBe("NOT_FOUND");
    expect(gone.message).toContain("has no app registration with clientId deleted-app that the bot may manage");
    expect(gone.message).not.toContain("Request_ResourceNotFound");
  });

  it("says its own credential was refused by the identity platform, naming ENTRA_CLIENT_SECRET, logging no secret", async () => {
    const registration = graph.addApplication("Partner-NL-Search");
    const wrong = "expired~bot~secret~0123456789";
    const { provider, logLines } = directProvider(graph, clock, { clientSecret: wrong });
    const error = await refusal(() => provider.listSecrets(asProviderApp(registration)));
    expect([error.code, error.message]).toEqual(["PROVIDER_UNAVAILABLE", CREDENTIALS_REFUSED]);
    expect(String(error.cause)).toContain("HTTP 401 invalid_client — AADSTS7000215");
    expect(graph.graphRequests()).toEqual([]);
    const logs = logLines.join("");
    expect(logs).toContain("Microsoft Entra refused the bot's own credentials");
    expect(logs).not.toContain(wrong);
  });

  it("finds the app registrations an OData filter matches, following @odata.nextLink across pages", async () => {
    for (const name of ["Partner-NL-A", "Partner-NL-B", "Other-C", "Partner-NL-D", "Partner-NL-E", "Partner-NL-F"]) {
      graph.addApplication(name);
    }
    graph.pageSize = 2;
    const { provider } = directProvider(graph, clock);
    const found = await provider.findApplications("startswith(displayName,'Partner-NL-')");
    expect(found.map((a) => a.displayName)).toEqual([
      "Partner-NL-A",
      "Partner-NL-B",
      "Partner-NL-D",
      "Partner-NL-E",
      "Partner-NL-F",
    ]);
    expect(found[0]).toEqual({
      clientId: graph.directory.applications[0]?.appId,
      providerRef: graph.directory.applications[0]?.id,
      displayName: "Partner-NL-A",
      secrets: [],
    });
    const requests = graph.graphRequests();
    expect(requests.map((r) => [r.method, r.path, r.query])).toEqual([
      [
        "GET",
        "/v1.0/applications",
        {
          $filter: "startswith(displayName,'Partner-NL-')",
          $select: "id,appId,displayName,passwordCredentials,keyCredentials",
        },
      ],
      [
        "GET",
        "/v1.0/applications",
        {
          $filter: "startswith(displayName,'Partner-NL-')",
          $select: "id,appId,displayName,passwordCredentials,keyCredentials",
          $skiptoken: "2",
        },
      ],
      [
        "GET",
        "/v1.0/applications",
        {
          $filter: "startswith(displayName,'Partner-NL-')",
          $select: "id,appId,displayName,passwordCredentials,keyCredentials",
          $skiptoken: "4",
        },
      ],
    ]);
    expect(new Set(requests.map((r) => r.authorization))).toEqual(new Set([`Bearer ${graph.issuedTokens[0]}`]));
  });

  it("refuses a next page on another host, so the bot's token never leaves Graph", async () => {
    const { provider } = directProvider(graph, clock);
    graph.script.push({
      status: 200,
      body: { value: [], "@odata.nextLink": "https://elsewhere.example/v1.0/applications?$skiptoken=1" },
    });
    const error = await refusal(() => provider.findApplications());
    expect(error.code).toBe("PROVIDER_UNAVAILABLE");
    expect(String(error.cause)).toContain("foreign_next_link");
    expect(graph.graphRequests()).toHaveLength(1);
  });

  it("answers a filter Graph does not support with a VALIDATION message showing an example", async () => {
    const { provider } = directProvider(graph, clock);
    const error = await refusal(() => provider.findApplications("endswith(displayName,'-NL')"));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toBe(
      `The filter "endswith(displayName,'-NL')" was not accepted. Use an OData filter such as startswith(displayName,'Partner-NL-').`,
    );
  });
});
