/**
 * Drives the real server's Slack endpoint the way Slack does: payloads in Slack's recorded shapes
 * (test/fixtures/slack/), signed with the v0 HMAC of `v0:{timestamp}:{raw body}`, against a server
 * whose Web API calls go to a local fake.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Server, startServer } from "../../adapters/root/server.js";
import { FakeSlackWebApi } from "../fakes/fake-slack-web-api.js";
import { freePort } from "./http.js";
import { type TestRuntime, testRuntime } from "./runtime.js";
import { MANAGER, STRANGER, VIEWER } from "./seed.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const TEAM_ID = "T0PARTNER";
export const CHANNEL_ID = "C0OPS";
export const ANN = "U0ANN";
export const VIC = "U0VIC";
export const SAM = "U0SAM";
export const NOMAIL = "U0NOMAIL";

export const fixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "slack", `${name}.json`), "utf8")) as T;

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export type Signed = { status: number; text: string; ms: number };

/**
 * POSTs to /slack/events signed as Slack signs; `timestamp` and `secret` can be spoiled on purpose, and
 * `headers` added (a proxy's `traceparent`).
 */
export async function postSigned(
  base: string,
  body: string,
  contentType: "application/x-www-form-urlencoded" | "application/json",
  spoil: { timestamp?: number; secret?: string } = {},
  headers: Record<string, string> = {},
): Promise<Signed> {
  const timestamp = spoil.timestamp ?? nowSeconds();
  const started = performance.now();
  const res = await fetch(`${base}/slack/events`, {
    method: "POST",
    headers: {
      ...headers,
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature(body, timestamp, spoil.secret),
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

export type SlackSetup = {
  rt: TestRuntime;
  fake: FakeSlackWebApi;
  server: Server;
  base: string;
  stop(): Promise<void>;
};

/** A fake Slack with Ann (manager), Vic (viewer), Sam (no grant) and a user without e-mail; then the real server. */
export async function serveSlack(env: Record<string, string> = {}): Promise<SlackSetup> {
  const fake = new FakeSlackWebApi()
    .addUser(ANN, { email: MANAGER, name: "Ann de Vries" })
    .addUser(VIC, { email: VIEWER, name: "Vic Jansen" })
    .addUser(SAM, { email: STRANGER, name: "Sam Smith" })
    .addUser(NOMAIL, { name: "Guest Without Mail" })
    .addChannel(CHANNEL_ID, { name: "ops", isMember: true });
  await fake.start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const rt = await testRuntime({
    env: {
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: base,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-0000000000-0000000000000-fakefakefakefakefakefake",
      SLACK_API_URL: fake.apiUrl,
      ...env,
    },
  });
  const server = await startServer(rt);
  return {
    rt,
    fake,
    server,
    base,
    stop: async () => {
      await server.stop();
      await fake.stop();
      await rt.cleanup();
    },
  };
}
