import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Server, startServer } from "../../../adapters/root/server.js";
import { FakeSlackWebApi } from "../../fakes/fake-slack-web-api.js";
import { FakeSocketMode } from "../../fakes/fake-socket-mode.js";
import { freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { ANN, fixture, SIGNING_SECRET } from "../../helpers/slack.js";
import { textOf } from "../../helpers/slack-blocks.js";

describe("Slack over Socket Mode (SLACK_APP_TOKEN set)", () => {
  const fake = new FakeSlackWebApi().addUser(ANN, { email: MANAGER, name: "Ann de Vries" });
  const socket = new FakeSocketMode();
  let rt: TestRuntime;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    await Promise.all([fake.start(), socket.start()]);
    fake.state.socketUrl = socket.url;
    port = await freePort();
    rt = await testRuntime({
      env: {
        PORT: String(port),
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_APP_TOKEN: "xapp-1-A0STEWARD-test",
        SLACK_API_URL: fake.apiUrl,
      },
    });
    await seedPartner(rt.operator);
    server = await startServer(rt);
  });
  afterAll(async () => {
    await server.stop();
    await Promise.all([socket.stop(), fake.stop()]);
    await rt.cleanup();
  });

  it("connects through apps.connections.open at SLACK_API_URL and serves no HTTP endpoint for Slack", async () => {
    expect(server.slack?.mode).toBe("socket");
    expect(fake.callsOf("apps.connections.open")).toHaveLength(1);
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST" })).status).toBe(404);
  });

  it("acknowledges a slash command envelope over the socket, then answers it through the response_url", async () => {
    const responseUrl = fake.responseUrl();
    const command = { ...fixture<Record<string, string>>("slash-command"), text: "list", response_url: responseUrl };
    const envelopeId = socket.sendEnvelope("slash_commands", command);
    const answer = await fake.waitFor("response_url", (c) => c.path === new URL(responseUrl).pathname);
    expect(socket.received).toContainEqual(expect.objectContaining({ envelope_id: envelopeId }));
    expect(answer.body.response_type).toBe("ephemeral");
    expect(textOf(answer.body.blocks)).toContain("Partner-NL-Search");
  });
});
