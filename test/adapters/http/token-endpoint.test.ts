import { request } from "node:http";
import { eq } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FailureLimiter } from "../../../adapters/http/failure-limiter.js";
import { ExpiredCountSweeper } from "../../../adapters/http/limiter-store.js";
import { type Server, startServer } from "../../../adapters/root/server.js";
import { showApplication } from "../../../src/verbs/show-application.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { isPostgres } from "../../helpers/database.js";
import { basic, FORM, form, freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";

const insecure = { [oauth.allowInsecureRequests]: true };

type Setup = { rt: TestRuntime; server: Server; base: string; env: Record<string, string> };

async function serve(): Promise<Setup> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { HOST: "127.0.0.1", PORT: String(port), PUBLIC_URL: base, STEWARD_PEPPER: TEST_PEPPER };
  const rt = await testRuntime({ env, clock: new FixedClock(new Date()) });
  const server = await startServer(rt);
  return { rt, server, base, env: { ...env, ...rt.databaseEnv } };
}

/** Registers an application and creates a secret for it through the real CLI; returns both. */
async function cliSecret(env: Record<string, string>, app = "Partner-NL-Search") {
  expect((await steward(["org", "add", "Partner NL"], env)).code).toBe(0);
  const added = await steward(
    ["app", "add", app, "--org", "Partner NL", "--api", "search", "--api", "matching", "--json"],
    env,
  );
  expect(added.code, added.stderr).toBe(0);
  const { clientId } = JSON.parse(added.stdout) as { clientId: string };
  expect((await steward(["grant", "ann@partner-nl.org", "--app", app, "--role", "manager"], env)).code).toBe(0);
  return { clientId, ...(await cliCreate(env, app)) };
}

/** One more secret for the application, through the CLI, as its manager. */
async function cliCreate(env: Record<string, string>, app = "Partner-NL-Search") {
  const created = await steward(["secret", "create", "--app", app, "--as", "ann@partner-nl.org", "--json"], env);
  expect(created.code, created.stderr).toBe(0);
  return JSON.parse(created.stdout) as { value: string; keyId: string };
}

/**
 * Waits until the server has followed what another process (the CLI) committed since `before` was read
 * from its change signal: at once on SQLite, within a second on PostgreSQL (a notification naming the
 * client, or the version-row poll). Once it has, the server's cache no longer holds the changed client
 * and its next lookup reads what the CLI committed. Waiting on the signal rather than retrying the
 * request keeps failed attempts, which the limiter counts, out of the tests that expect a new secret to
 * work.
 */
async function seenByServer(rt: TestRuntime, before: number) {
  if (!isPostgres) return;
  await expect.poll(() => rt.db.changes.followed(), { timeout: 1500, interval: 10 }).toBeGreaterThan(before);
}

async function token(base: string, headers: Record<string, string>, body: string) {
  const res = await fetch(`${base}/oauth2/token`, { method: "POST", headers, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** A token request from the given local address (any 127.x.y.z reaches the server on 127.0.0.1). */
function tokenFrom(base: string, localAddress: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request(`${base}/oauth2/token`, { method: "POST", headers, localAddress, agent: false }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(text) as Record<string, unknown>,
          }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    },
  );
}

describe("the OAuth2 token endpoint, with oauth4webapi as the client", () => {
  let s: Setup;
  let doomed: Awaited<ReturnType<typeof cliSecret>>;
  let secret: Awaited<ReturnType<typeof cliSecret>>;
  beforeAll(async () => {
    s = await serve();
    doomed = await cliSecret(s.env);
    secret = { clientId: doomed.clientId, ...(await cliCreate(s.env)) };
  });
  afterAll(async () => {
    await s.server.stop();
    await s.rt.cleanup();
  });

  it("issues a token for a CLI-created secret that verifies against the served JWKS, and refuses it once deleted", async () => {
    const issuer = new URL(s.base);
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }),
    );
    const client: oauth.Client = { client_id: doomed.clientId };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(doomed.value),
      new URLSearchParams({ scope: "search" }),
      insecure,
    );
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    expect(result.token_type).toBe("bearer");
    expect(result.scope).toBe("search");

    const request = new Request(`${s.base}/api`, { headers: { authorization: `Bearer ${result.access_token}` } });
    const claims = await oauth.validateJwtAccessToken(as, request, "search", insecure);
    expect(claims).toMatchObject({ iss: s.base, sub: doomed.clientId, client_id: doomed.clientId, aud: "search" });
    expect(claims.exp - claims.iat).toBe(3599);

    const before = s.rt.db.changes.followed();
    const deleted = await steward(
      [
        "secret",
        "delete",
        "--app",
        "Partner-NL-Search",
        "--secret",
        doomed.keyId,
        "--as",
        "ann@partner-nl.org",
        "--yes",
      ],
      s.env,
    );
    expect(deleted.code, deleted.stderr).toBe(0);
    await seenByServer(s.rt, before);
    const refused = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(doomed.value),
      new URLSearchParams(),
      insecure,
    );
    expect(refused.status).toBe(401);
    expect(((await refused.clone().json()) as { error: string }).error).toBe("invalid_client");
    await expect(oauth.processClientCredentialsResponse(as, client, refused)).rejects.toBeInstanceOf(
      oauth.WWWAuthenticateChallengeError,
    );
  });

  it("accepts client_secret_post, grants all the application's APIs when no scope is asked, and says no-store", async () => {
    const res = await token(
      s.base,
      FORM,
      form({ grant_type: "client_credentials", client_id: secret.clientId, client_secret: secret.value }),
    );
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe("search matching");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("pragma")).toBe("no-cache");
  });

  it("decodes form-urlencoded Basic credentials as RFC 6749 §2.3.1 requires", async () => {
    const encodedId = secret.clientId.replace(/-/g, "%2D");
    const header = `Basic ${Buffer.from(`${encodedId}:${secret.value}`).toString("base64")}`;
    const res = await token(s.base, { ...FORM, authorization: header }, form({ grant_type: "client_credentials" }));
    expect(res.status).toBe(200);
  });

  it.each([
    ["both Basic and client_secret", true, { client_secret: "x" }, 400, "invalid_request"],
    ["no grant_type", true, { grant_type: "" }, 400, "invalid_request"],
    ["grant_type=password", true, { grant_type: "password" }, 400, "unsupported_grant_type"],
    ["a scope outside the application's APIs", true, { scope: "search payroll" }, 400, "invalid_scope"],
    ["no client authentication", false, {}, 401, "invalid_client"],
  ])("refuses %s with the RFC 6749 §5.2 error", async (_name, withBasic, extra, status, error) => {
    const fields: Record<string, string> = { grant_type: "client_credentials", ...extra };
    if (fields.grant_type === "") delete fields.grant_type;
    const headers: Record<string, string> = withBasic
      ? { ...FORM, authorization: basic(secret.clientId, secret.value) }
      : FORM;
    const res = await token(s.base, headers, form(fields));
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(error);
    expect(res.headers.get("cache-control")).toBe("no-store");
    if (status === 401) expect(res.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
  });

  it("refuses a repeated parameter, a wrong content type and an oversized body", async () => {
    const auth = { authorization: basic(secret.clientId, secret.value) };
    const dup = await token(
      s.base,
      { ...FORM, ...auth },
      "grant_type=client_credentials&grant_type=client_credentials",
    );
    expect([dup.status, dup.body.error]).toEqual([400, "invalid_request"]);
    const json = await token(
      s.base,
      { "content-type": "application/json", ...auth },
      '{"grant_type":"client_credentials"}',
    );
    expect([json.status, json.body.error]).toEqual([400, "invalid_request"]);
    const big = await token(s.base, { ...FORM, ...auth }, `grant_type=client_credentials&pad=${"x".repeat(20_000)}`);
    expect([big.status, big.body.error]).toEqual([413, "invalid_request"]);
    const get = await fetch(`${s.base}/oauth2/token`);
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
  });

  it("refuses an expired secret at once", async () => {
    const before = s.rt.db.changes.followed();
    const { value, keyId } = await cliCreate(s.env);
    await seenByServer(s.rt, before);
    const auth = { ...FORM, authorization: basic(secret.clientId, value) };
    const served = await token(s.base, auth, form({ grant_type: "client_credentials" }));
    expect(served.status).toBe(200);
    const { clientSecrets } = s.rt.db.t;
    await s.rt.db.transaction((tx) =>
      tx
        .update(clientSecrets)
        .set({ expiresAt: new Date(s.rt.clock.now().getTime() - 1000) })
        .where(eq(clientSecrets.keyId, keyId)),
    );
    expect((await token(s.base, auth, form({ grant_type: "client_credentials" }))).body.error).toBe("invalid_client");
  });

  it("records when a secret was last used, written in a batch rather than per request", async () => {
    const { clientSecrets } = s.rt.db.t;
    const lastUsedAt = async () =>
      (await s.rt.db.select().from(clientSecrets).where(eq(clientSecrets.keyId, secret.keyId)))[0]?.lastUsedAt;
    expect(await lastUsedAt()).toBeNull();
    const res = await token(
      s.base,
      { ...FORM, authorization: basic(secret.clientId, secret.value) },
      form({ grant_type: "client_credentials" }),
    );
    expect(res.status).toBe(200);
    expect(await lastUsedAt()).toBeNull();
    await s.server.lastUsed.flush();
    const shown = await showApplication(s.rt.operator, { application: "Partner-NL-Search" });
    expect(shown.secrets.find((r) => r.keyId === secret.keyId)?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("serves RFC 8414 metadata, health and readiness", async () => {
    const meta = (await (await fetch(`${s.base}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(meta).toMatchObject({
      issuer: s.base,
      token_endpoint: `${s.base}/oauth2/token`,
      jwks_uri: `${s.base}/.well-known/jwks.json`,
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    });
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
    expect((await fetch(`${s.base}/nowhere`)).status).toBe(404);
  });
});

describe("signing keys", () => {
  it("survive a restart: the same kid, and tokens issued before still verify", async () => {
    const first = await serve();
    const { clientId, value } = await cliSecret(first.env);
    // Connection: close, so fetch keeps no socket to the first server that it could reuse after the restart.
    const close = { connection: "close" };
    const issued = await token(
      first.base,
      { ...FORM, ...close, authorization: basic(clientId, value) },
      form({ grant_type: "client_credentials", scope: "search" }),
    );
    const jwksBefore = await (await fetch(`${first.base}/.well-known/jwks.json`, { headers: close })).json();
    await first.server.stop();

    const again = await startServer(first.rt);
    try {
      const jwksAfter = await (await fetch(`${first.base}/.well-known/jwks.json`)).json();
      expect(jwksAfter).toEqual(jwksBefore);
      const issuer = new URL(first.base);
      const as = await oauth.processDiscoveryResponse(
        issuer,
        await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }),
      );
      const request = new Request(`${first.base}/api`, {
        headers: { authorization: `Bearer ${issued.body.access_token}` },
      });
      expect((await oauth.validateJwtAccessToken(as, request, "search", insecure)).client_id).toBe(clientId);
      const rows = await first.rt.db.select().from(first.rt.db.t.signingKeys);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.privateKeyEnc).not.toContain("PRIVATE KEY");
    } finally {
      await again.stop();
      await first.rt.cleanup();
    }
  });
});

describe("failed authentication", () => {
  const wrongSecret = `sst_${"A".repeat(49)}`;
  const grant = form({ grant_type: "client_credentials" });

  it("blocks an address after ten failures within a minute: everything from it next gets 429, even a right secret", async () => {
    const s = await serve();
    try {
      const { clientId, value } = await cliSecret(s.env);
      const wrong = { ...FORM, authorization: basic(clientId, wrongSecret) };
      const answers = [];
      for (let i = 0; i < 10; i++) answers.push(await token(s.base, wrong, grant));
      expect(answers.map((a) => [a.status, a.body.error])).toEqual(Array(10).fill([401, "invalid_client"]));
      expect(answers[9]?.headers.get("www-authenticate")).toMatch(/^Basic realm=/);

      // Ten failures block the address: the very next request is refused, the right secret included.
      const right = await token(s.base, { ...FORM, authorization: basic(clientId, value) }, grant);
      expect([right.status, right.body.error]).toEqual([429, "too_many_requests"]);
      expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(right.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect(right.headers.get("cache-control")).toBe("no-store");
      const eleventh = await token(s.base, wrong, grant);
      expect([eleventh.status, eleventh.body.error]).toEqual([429, "too_many_requests"]);

      // The client is under attack now, but its right secret is served from an address that is not blocked.
      const elsewhere = await tokenFrom(s.base, "127.0.0.2", { ...FORM, authorization: basic(clientId, value) }, grant);
      expect(elsewhere.status).toBe(200);
      expect(elsewhere.body.access_token).toEqual(expect.any(String));
    } finally {
      await s.server.stop();
      await s.rt.cleanup();
    }
  });

  it("serves a client's right secret from a clean address while other addresses guess at it, and answers their further guesses with 429", async () => {
    const s = await serve();
    try {
      const { clientId, value } = await cliSecret(s.env);
      const wrong = { ...FORM, authorization: basic(clientId, wrongSecret) };
      const right = { ...FORM, authorization: basic(clientId, value) };
      const guesses = [];
      for (let i = 2; i <= 11; i++) guesses.push(await tokenFrom(s.base, `127.0.0.${i}`, wrong, grant));
      expect(guesses.map((g) => [g.status, g.body.error])).toEqual(Array(10).fill([401, "invalid_client"]));

      // Ten failures for the client: it is under attack. A further guess, from any address, gets 429.
      const eleventh = await tokenFrom(s.base, "127.0.0.12", wrong, grant);
      expect([eleventh.status, eleventh.body.error]).toEqual([429, "too_many_requests"]);
      expect(Number(eleventh.headers["retry-after"])).toBeGreaterThan(0);
      expect(Number(eleventh.headers["retry-after"])).toBeLessThanOrEqual(60);
      expect(eleventh.headers["cache-control"]).toBe("no-store");

      // No address is blocked: the right secret is served from a fresh one and from one that guessed once.
      for (const address of ["127.0.0.13", "127.0.0.2", "127.0.0.12"]) {
        const served = await tokenFrom(s.base, address, right, grant);
        expect(served.status, address).toBe(200);
        expect(served.body.access_token, address).toEqual(expect.any(String));
      }
      const again = await tokenFrom(s.base, "127.0.0.13", wrong, grant);
      expect(again.status).toBe(429);
      expect(Number(again.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await s.server.stop();
      await s.rt.cleanup();
    }
  });

  it("answers at least 99% of an attack from many addresses with 429 after its first ten guesses, while the right secret from clean addresses is served", async () => {
    const s = await serve();
    try {
      const { clientId, value } = await cliSecret(s.env);
      const wrong = { ...FORM, authorization: basic(clientId, wrongSecret) };
      const right = { ...FORM, authorization: basic(clientId, value) };
      // 40 attacking addresses, 25 guesses each, 20 at a time; between the rounds the client's own
      // systems ask for tokens from addresses that never failed.
      const guesses: number[] = [];
      const served: number[] = [];
      for (let round = 0; round < 50; round++) {
        const batch = Array.from({ length: 20 }, (_, i) => {
          const n = round * 20 + i;
          return tokenFrom(s.base, `127.1.${n % 40}.${1 + Math.floor(n / 40)}`, wrong, grant);
        });
        guesses.push(...(await Promise.all(batch)).map((answer) => answer.status));
        if (round % 5 === 4) served.push((await tokenFrom(s.base, `127.2.0.${round}`, right, grant)).status);
      }
      expect(guesses).toHaveLength(1000);
      expect(guesses.filter((status) => status === 401)).toHaveLength(10);
      const refused = guesses.filter((status) => status === 429).length;
      expect(refused / 990).toBeGreaterThanOrEqual(0.99);
      expect(served).toEqual(Array(10).fill(200));
    } finally {
      await s.server.stop();
      await s.rt.cleanup();
    }
  });

  it("keeps a client under guard while the failures go on, past the counting window, and lets the guard lapse when they stop", async () => {
    const rt = await testRuntime();
    // rate-limiter-flexible reads Date.now() itself (both stores): only Date is faked, so timers and I/O
    // run as usual, and it moves together with the limiter's own clock.
    vi.useFakeTimers({ toFake: ["Date"], now: rt.clock.now() });
    const wait = (ms: number) => {
      rt.clock.advance(ms);
      vi.setSystemTime(rt.clock.now());
    };
    try {
      const limiter = new FailureLimiter(rt.db, rt.clock, { windowSeconds: 1, blockSeconds: 1, guardSeconds: 2 });
      const fail = (n: number) => limiter.fail("patient-target", `10.2.0.${n}`);
      for (let n = 1; n <= 10; n++) expect(await fail(n)).toBe(0);
      expect(await fail(11)).toBeGreaterThan(0);
      // One guess every 400 ms for 3 s: three counting windows go by, and every guess still gets 429.
      for (let n = 12; n <= 19; n++) {
        wait(400);
        expect(await fail(n), `guess ${n}`).toBeGreaterThan(0);
      }
      wait(2_200);
      expect(await fail(20)).toBe(0);
    } finally {
      vi.useRealTimers();
      await rt.cleanup();
    }
  });

  it("counts failures per address and per client apart: many addresses never block one, one address never blocks a client", async () => {
    const rt = await testRuntime();
    try {
      const limiter = new FailureLimiter(rt.db, rt.clock);
      const waits: number[] = [];
      for (let i = 1; i <= 25; i++) waits.push(await limiter.fail("attacked-client", `10.0.0.${i}`));
      expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
      for (const wait of waits.slice(10)) {
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(60);
      }
      for (let i = 1; i <= 25; i++) expect(limiter.addressRetryAfter(`10.0.0.${i}`)).toBe(0);

      const fromOne: number[] = [];
      for (let i = 1; i <= 11; i++) fromOne.push(await limiter.fail(`client-${i}`, "10.9.9.9"));
      expect(fromOne.slice(0, 10)).toEqual(Array(10).fill(0));
      expect(fromOne[10]).toBeGreaterThan(0);
      expect(fromOne[10]).toBeLessThanOrEqual(60);
      expect(limiter.addressRetryAfter("10.9.9.9")).toBeGreaterThan(0);
      expect(limiter.addressRetryAfter("10.9.9.8")).toBe(0);
      // None of those eleven clients is under attack: one more failure for one of them, elsewhere, is a 401.
      expect(await limiter.fail("client-1", "10.8.8.8")).toBe(0);
    } finally {
      await rt.cleanup();
    }
  });

  it.runIf(isPostgres)("shares the counts between replicas through the rate_limits table on PostgreSQL", async () => {
    const rt = await testRuntime();
    try {
      const [one, two] = [new FailureLimiter(rt.db, rt.clock), new FailureLimiter(rt.db, rt.clock)];
      for (let i = 1; i <= 5; i++) expect(await one.fail("shared-client", `10.1.0.${i}`)).toBe(0);
      for (let i = 6; i <= 10; i++) expect(await two.fail("shared-client", `10.1.0.${i}`)).toBe(0);
      expect(await one.fail("shared-client", "10.1.0.11")).toBeGreaterThan(0);
      expect(await two.fail("shared-client", "10.1.0.12")).toBeGreaterThan(0);
      expect((await rt.db.select().from(rt.db.t.rateLimits)).length).toBeGreaterThan(0);
    } finally {
      await rt.cleanup();
    }
  });

  it.runIf(isPostgres)("deletes counts that expired over an hour ago, and keeps the others", async () => {
    const rt = await testRuntime();
    try {
      const limiter = new FailureLimiter(rt.db, rt.clock, { windowSeconds: 60, blockSeconds: 60 });
      expect(await limiter.fail("sweep-client", "10.2.0.1")).toBe(0);
      const { rateLimits } = rt.db.t;
      const keys = async () => (await rt.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key).sort();
      const counted = await keys();
      expect(counted).toEqual(["addr:10.2.0.1", "client:sweep-client"]);
      const sweeper = new ExpiredCountSweeper(rt.db, rt.log);
      // The counts expire a minute from now: an hour later they are still kept, a minute more and they go.
      expect(await sweeper.sweep(Date.now() + 60 * 60_000)).toBe(0);
      expect(await keys()).toEqual(counted);
      expect(await sweeper.sweep(Date.now() + 62 * 60_000)).toBe(2);
      expect(await keys()).toEqual([]);
    } finally {
      await rt.cleanup();
    }
  });
});
