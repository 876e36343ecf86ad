import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startServer } from "../../../adapters/root/server.js";
import { describeStartup } from "../../../adapters/root/start.js";
import { SLASH_COMMAND } from "../../../adapters/slack/slash-command.js";
import { FakeSlackWebApi } from "../../fakes/fake-slack-web-api.js";
import { ROOT } from "../../helpers/cli.js";
import { testConfig } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { testRuntime } from "../../helpers/runtime.js";
import { nowSeconds, SIGNING_SECRET, signature } from "../../helpers/slack.js";

const address = { address: "127.0.0.1", family: "IPv4", port: 3000 };
const slackEnv = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: "xoxb-test" };

describe("starting with Slack configured", () => {
  let fake: FakeSlackWebApi;
  beforeEach(async () => {
    fake = new FakeSlackWebApi();
    await fake.start();
  });
  afterEach(() => fake.stop());

  it("refuses to start, saying why, when Slack does not accept the bot token, and leaves the port free", async () => {
    fake.script("auth.test", { status: 200, body: { ok: false, error: "invalid_auth" } });
    const port = await freePort();
    const rt = await testRuntime({ env: { ...slackEnv, PORT: String(port), SLACK_API_URL: fake.apiUrl } });
    try {
      await expect(startServer(rt)).rejects.toThrow("Slack did not accept SLACK_BOT_TOKEN (invalid_auth)");
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      await rt.cleanup();
    }
  });

  it("refuses to start, saying so, when Slack's Web API cannot be reached at SLACK_API_URL", async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/api/`;
    const rt = await testRuntime({ env: { ...slackEnv, PORT: String(await freePort()), SLACK_API_URL: nowhere } });
    try {
      await expect(startServer(rt)).rejects.toThrow(`Could not reach Slack's Web API at ${nowhere}`);
    } finally {
      await rt.cleanup();
    }
  });

  it("answers Slack's URL verification challenge on the Request URL", async () => {
    const port = await freePort();
    const rt = await testRuntime({ env: { ...slackEnv, PORT: String(port), SLACK_API_URL: fake.apiUrl } });
    const server = await startServer(rt);
    try {
      const body = JSON.stringify({
        token: "x",
        challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        type: "url_verification",
      });
      const timestamp = nowSeconds();
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": signature(body, timestamp),
        },
        body,
      });
      expect(await res.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
      expect(server.slack?.mode).toBe("http");
    } finally {
      await server.stop();
      await rt.cleanup();
    }
  });

  it("serves nothing at /slack/events when Slack is not configured", async () => {
    const port = await freePort();
    const rt = await testRuntime({ env: { PORT: String(port) } });
    const server = await startServer(rt);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST" })).status).toBe(404);
    } finally {
      await server.stop();
      await rt.cleanup();
    }
  });

  it("says in the start-up banner where Slack is served: HTTP mode at PUBLIC_URL/slack/events, or Socket Mode", () => {
    const http = describeStartup(
      testConfig({ ...slackEnv, PUBLIC_URL: "https://steward.example.org" }),
      address,
      "steward.db",
    );
    expect(http).toContain(
      "  Slack     HTTP mode at https://steward.example.org/slack/events (slash command, interactivity and events)",
    );
    const socket = describeStartup(testConfig({ ...slackEnv, SLACK_APP_TOKEN: "xapp-1" }), address, "steward.db");
    expect(socket.find((line) => line.startsWith("  Slack"))).toContain("Socket Mode (SLACK_APP_TOKEN)");
  });
});

describe("manifest.json", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8"));

  it("declares /secrets, interactivity and the app_home_opened event, all on the one /slack/events URL", () => {
    const urls = [
      manifest.features.slash_commands[0].url,
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SLASH_COMMAND]);
    expect(new Set(urls)).toEqual(new Set(["https://steward.example.org/slack/events"]));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(["app_home_opened"]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it("asks for no bot scope beyond the ones the adapter uses", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ["channels:read", "chat:write", "commands", "groups:read", "users:read", "users:read.email"].sort(),
    );
  });
});
