import { createHmac } from "node:crypto";
import { generateKeyPair, SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startServer } from "../../../adapters/root/server.js";
import { describeStartup } from "../../../adapters/root/start.js";
import { testConfig } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { testRuntime } from "../../helpers/runtime.js";
import { seedPartner } from "../../helpers/seed.js";
import { message, say } from "./activities.js";
import { textOf } from "./cards.js";
import { ANN, CLIENT_ID, fileKeys, postActivity, serveTeams, type TeamsSetup } from "./teams-testbed.js";

/** Every activity the server has acknowledged so far has been answered: whatever a request set going is over. */
const settled = (s: TeamsSetup) => s.server.teams!.settled();

const keys = fileKeys();

describe("Bot Framework authentication on /api/messages", () => {
  let s: TeamsSetup;
  beforeEach(async () => {
    s = await serveTeams({}, { keys });
    await seedPartner(s.rt.operator);
  });
  afterEach(() => s.stop());

  /** Posts `list` from Ann with this Authorization header; returns the status and whether anything was answered. */
  async function attempt(header: string | null) {
    const before = s.fake.calls.filter((c) => c.kind === "send" || c.kind === "member").length;
    const posted = await postActivity(s, message(s, ANN, "list"), header);
    await settled(s);
    const after = s.fake.calls.filter((c) => c.kind === "send" || c.kind === "member").length;
    return { status: posted.status, isAnswered: after > before };
  }

  const token = (claims: Partial<Parameters<TeamsSetup["fake"]["sign"]>[0]>) =>
    s.fake.sign({ audience: CLIENT_ID, serviceUrl: s.fake.serviceUrl, ...claims }).then((t) => `Bearer ${t}`);

  it("refuses a request without authentication with 401, and runs nothing", async () => {
    expect(await attempt(null)).toEqual({ status: 401, isAnswered: false });
  });

  it.each([
    ["signed with a key the Bot Framework does not publish", { isForged: true }],
    ["for another bot", { audience: "11111111-2222-3333-4444-555555555555" }],
    ["that has expired", { expiresIn: -3600 }],
    ["for another service URL than the activity's", { serviceUrl: "https://smba.example.net/evil/" }],
    ["from another issuer", { issuer: "https://sts.windows.net/evil/" }],
  ])("refuses a token %s with 401, and runs nothing", async (_, claims) => {
    expect(await attempt(await token(claims))).toEqual({ status: 401, isAnswered: false });
  });

  it("refuses a header that is not a bearer token with 401", async () => {
    expect((await attempt("Basic dXNlcjpwYXNz")).status).toBe(401);
  });

  it("accepts a token the Bot Framework signed for this bot and this service URL", async () => {
    expect(await attempt(await token({}))).toEqual({ status: 200, isAnswered: true });
  });

  it("answers 400 to an authenticated body that is not JSON, and 401 to one without authentication", async () => {
    const headers = { authorization: await token({}) };
    expect((await fetch(`${s.base}/api/messages`, { method: "POST", headers, body: "{not json" })).status).toBe(400);
    expect((await fetch(`${s.base}/api/messages`, { method: "POST", body: "{not json" })).status).toBe(401);
  });
});

describe("tokens refused before any key lookup", () => {
  let s: TeamsSetup;
  beforeEach(async () => {
    s = await serveTeams({}, { keys });
    await seedPartner(s.rt.operator);
  });
  afterEach(() => s.stop());

  const keyLookups = () => s.fake.callsOf("openid").length + s.fake.callsOf("keys").length;
  const b64 = (json: object) => Buffer.from(JSON.stringify(json)).toString("base64url");
  const claims = () => ({
    aud: CLIENT_ID,
    iss: "https://api.botframework.com",
    serviceurl: s.fake.serviceUrl,
    exp: Math.floor(Date.now() / 1000) + 3600,
  });

  it.each([
    ["garbage", () => "Bearer garbage"],
    ["three parts that are not JSON", () => "Bearer a.b.c"],
    ["alg: none", () => `Bearer ${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`],
    ["alg: none with a made-up signature", () => `Bearer ${b64({ alg: "none", kid: "k" })}.${b64(claims())}.c2ln`],
    [
      "HS256, signed with the bot's own id",
      () => {
        const head = `${b64({ alg: "HS256", typ: "JWT", kid: "test-bot-framework-key" })}.${b64(claims())}`;
        return `Bearer ${head}.${createHmac("sha256", CLIENT_ID).update(head).digest("base64url")}`;
      },
    ],
    ["RS256 without a key id", () => `Bearer ${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims())}.c2ln`],
  ])("refuses %s with 401, runs nothing, asks no key server and logs no error", async (_name, header) => {
    const before = s.fake.calls.filter((c) => c.kind === "send" || c.kind === "member").length;
    const posted = await postActivity(s, message(s, ANN, "list"), header());
    await settled(s);
    expect(posted.status).toBe(401);
    expect(s.fake.calls.filter((c) => c.kind === "send" || c.kind === "member").length).toBe(before);
    expect(keyLookups()).toBe(0);
    expect(s.rt.logLines.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });

  it("asks the key server once, not once per request, for tokens naming keys it does not publish", async () => {
    const forger = await generateKeyPair("RS256");
    const forged = (kid: string) =>
      new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid }).sign(forger.privateKey);
    for (let i = 0; i < 20; i++) {
      expect((await postActivity(s, message(s, ANN, "list"), `Bearer ${await forged(`made-up-${i}`)}`)).status).toBe(
        401,
      );
    }
    expect(s.fake.callsOf("openid")).toHaveLength(1);
    expect(s.fake.callsOf("keys")).toHaveLength(1);
  });
});

describe("TEAMS_ALLOW_UNAUTHENTICATED (local development with the Agents Playground)", () => {
  it("serves /api/messages without authentication and without bot credentials, answering without a token", async () => {
    const s = await serveTeams(
      {
        TEAMS_ALLOW_UNAUTHENTICATED: "true",
        TEAMS_CLIENT_ID: "",
        TEAMS_CLIENT_SECRET: "",
        TEAMS_TENANT_ID: "",
      },
      { keys },
    );
    try {
      await seedPartner(s.rt.operator);
      const before = s.fake.callsOf("send").length;
      expect((await postActivity(s, message(s, ANN, "list"), null)).status).toBe(200);
      const reply = await s.fake.waitFor("send", () => true, before + 1);
      expect(reply.authorization).toBeUndefined();
      expect(s.fake.callsOf("token")).toHaveLength(0);
      expect(s.server.teams?.isAuthenticated).toBe(false);
    } finally {
      await s.stop();
    }
  });

  it("says so loudly at start, in the banner and in the log", async () => {
    const lines = describeStartup(
      testConfig({ TEAMS_ALLOW_UNAUTHENTICATED: "true" }),
      { address: "127.0.0.1", family: "IPv4", port: 3000 },
      "steward.db",
    );
    expect(lines.join("\n")).toMatch(
      /Teams {5}⚠️ {2}http:\/\/localhost:3000\/api\/messages WITHOUT Bot Framework authentication/,
    );
    expect(lines.join("\n")).toContain("⚠️  WARNING anyone who can reach");
    const s = await serveTeams({ TEAMS_ALLOW_UNAUTHENTICATED: "true" }, { keys });
    try {
      expect(s.rt.logLines.join("")).toContain("TEAMS_ALLOW_UNAUTHENTICATED=true");
      expect(textOf((await say(s, ANN, "help")).card)).toContain("help");
    } finally {
      await s.stop();
    }
  });
});

describe("Teams at start-up", () => {
  it("names the messaging endpoint and the bot in the banner when credentials are configured", () => {
    const config = testConfig({
      PUBLIC_URL: "https://steward.example.org",
      TEAMS_CLIENT_ID: CLIENT_ID,
      TEAMS_CLIENT_SECRET: "x",
      TEAMS_TENANT_ID: "t",
    });
    const line = describeStartup(config, { address: "127.0.0.1", family: "IPv4", port: 3000 }, "steward.db").find((l) =>
      l.startsWith("  Teams"),
    );
    expect(line).toBe(
      `  Teams     messaging endpoint https://steward.example.org/api/messages (bot ${CLIENT_ID}); messages, Adaptive Cards, channel alerts`,
    );
  });

  it("serves nothing at /api/messages when Teams is not configured", async () => {
    const port = await freePort();
    const rt = await testRuntime({ env: { PORT: String(port) } });
    const server = await startServer(rt);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/api/messages`, { method: "POST", body: "{}" })).status).toBe(404);
    } finally {
      await server.stop();
      await rt.cleanup();
    }
  });
});
