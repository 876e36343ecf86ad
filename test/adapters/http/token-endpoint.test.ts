import { join } from "node:path";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientSecrets } from "../../../db/schema.js";
import { type Server, startServer } from "../../../src/main.js";
import { showApplication } from "../../../src/verbs/show-application.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { steward } from "../../helpers/cli.js";
import { basic, FORM, form, freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";

const PEPPER = "test-pepper-0123456789-abcdefghijklmnop";
const insecure = { [oauth.allowInsecureRequests]: true };

type Setup = { rt: TestRuntime; server: Server; base: string; env: Record<string, string> };

async function serve(): Promise<Setup> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = { HOST: "127.0.0.1", PORT: String(port), PUBLIC_URL: base, STEWARD_PEPPER: PEPPER };
  const rt = testRuntime({ env, clock: new FixedClock(new Date()) });
  const server = await startServer(rt);
  return { rt, server, base, env: { ...env, DATABASE_PATH: join(rt.dir, "steward.db") } };
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

async function token(base: string, headers: Record<string, string>, body: string) {
  const res = await fetch(`${base}/oauth2/token`, { method: "POST", headers, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
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
    s.rt.cleanup();
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
    const { value, keyId } = await cliCreate(s.env);
    const auth = { ...FORM, authorization: basic(secret.clientId, value) };
    expect((await token(s.base, auth, form({ grant_type: "client_credentials" }))).status).toBe(200);
    s.rt.db.$client
      .prepare("update client_secrets set expires_at = ? where key_id = ?")
      .run(s.rt.clock.now().getTime() - 1000, keyId);
    expect((await token(s.base, auth, form({ grant_type: "client_credentials" }))).body.error).toBe("invalid_client");
  });

  it("records when a secret was last used, written in a batch rather than per request", async () => {
    const before = s.rt.db
      .select()
      .from(clientSecrets)
      .all()
      .find((r) => r.keyId === secret.keyId);
    expect(before?.lastUsedAt).toBeNull();
    const res = await token(
      s.base,
      { ...FORM, authorization: basic(secret.clientId, secret.value) },
      form({ grant_type: "client_credentials" }),
    );
    expect(res.status).toBe(200);
    expect(
      s.rt.db
        .select()
        .from(clientSecrets)
        .all()
        .find((r) => r.keyId === secret.keyId)?.lastUsedAt,
    ).toBeNull();
    s.server.lastUsed.flush();
    const shown = showApplication(s.rt.operator, { application: "Partner-NL-Search" });
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
    const issued = await token(
      first.base,
      { ...FORM, authorization: basic(clientId, value) },
      form({ grant_type: "client_credentials", scope: "search" }),
    );
    const jwksBefore = await (await fetch(`${first.base}/.well-known/jwks.json`)).json();
    await first.server.stop();
    // Let the client see the closed keep-alive sockets before it makes new requests.
    await new Promise((resolve) => setTimeout(resolve, 100));

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
      const row = first.rt.db.$client.prepare("select private_key_enc from signing_keys").get() as {
        private_key_enc: string;
      };
      expect(row.private_key_enc).not.toContain("PRIVATE KEY");
    } finally {
      await again.stop();
      first.rt.cleanup();
    }
  });
});

describe("failed authentication", () => {
  it("is slowed down with 429 and Retry-After, for the guessing address, even with a right secret", async () => {
    const s = await serve();
    try {
      const { clientId, value } = await cliSecret(s.env);
      const wrong = { ...FORM, authorization: basic(clientId, `sst_${"A".repeat(49)}`) };
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await token(s.base, wrong, form({ grant_type: "client_credentials" }))).status);
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(statuses[10]).toBe(429);
      const right = await token(
        s.base,
        { ...FORM, authorization: basic(clientId, value) },
        form({ grant_type: "client_credentials" }),
      );
      expect(right.status).toBe(429);
      expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(right.headers.get("cache-control")).toBe("no-store");
    } finally {
      await s.server.stop();
      s.rt.cleanup();
    }
  });
});
