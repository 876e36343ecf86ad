/** `/` in a browser: a short HTML page naming what runs here, rather than a JSON 404. */
import { afterEach, describe, expect, it } from "vitest";
import { type Server, startServer } from "../../../adapters/root/server.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";

describe("the bot's address in a browser", () => {
  let rt: TestRuntime;
  let server: Server;
  afterEach(async () => {
    await server?.stop();
    await rt?.cleanup();
  });

  async function serve(env: Record<string, string> = {}): Promise<string> {
    rt = await testRuntime({ env: { HOST: "127.0.0.1", PORT: "0", ...env } });
    server = await startServer(rt);
    return `http://127.0.0.1:${server.address.port}`;
  }

  it("answers / with a short page naming the endpoints that run here, and nothing else changes", async () => {
    const base = await serve({ PUBLIC_URL: "https://steward.example.org" });
    const res = await fetch(`${base}/`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'");
    const page = await res.text();
    expect(page).toContain("<title>Secret Steward</title>");
    expect(page).toContain("<code>/oauth2/token</code> — OAuth2 token endpoint");
    expect(page).toContain('<a href="/.well-known/oauth-authorization-server">');
    expect(page).toContain("issuer https://steward.example.org");
    expect(page).not.toContain("/api/messages");
    expect(page).not.toContain("/slack/events");

    const missing = await fetch(`${base}/nothing-here`);
    expect([missing.status, missing.headers.get("content-type")]).toEqual([
      404,
      expect.stringContaining("application/json"),
    ]);
    expect((await fetch(`${base}/`, { method: "HEAD" })).status).toBe(200);
  });

  it("names the Teams endpoint when Teams is on", async () => {
    const base = await serve({ TEAMS_ALLOW_UNAUTHENTICATED: "true" });
    expect(await (await fetch(`${base}/`)).text()).toContain("<code>/api/messages</code> — Microsoft Teams");
  });
});
