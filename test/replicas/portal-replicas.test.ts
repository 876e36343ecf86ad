/**
 * The portal behind a load balancer (issue 20): two replicas on one PostgreSQL database serve one
 * browser's session alternately — the link asked for on one signs in on the other, a form opened on one
 * is submitted on the other (its token used once across both), and sign-out on one ends the session on both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Server, startServer } from "../../adapters/root/server.js";
import { inputValue, linkIn, PortalClient } from "../adapters/portal/portal-client.js";
import { TEST_PEPPER } from "../helpers/config.js";
import { freePort } from "../helpers/http.js";
import { type TestRuntime, testRuntime } from "../helpers/runtime.js";
import { MANAGER, seedPartner } from "../helpers/seed.js";

describe("the portal on two replicas", () => {
  const runtimes: TestRuntime[] = [];
  const servers: Server[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    const ports = [await freePort(), await freePort()];
    // The load balancer's address: both replicas are configured with the same PUBLIC_URL.
    const publicUrl = `http://127.0.0.1:${ports[0]}`;
    for (const port of ports) {
      const rt = await testRuntime({
        env: { PORT: String(port), PUBLIC_URL: publicUrl, STEWARD_PEPPER: TEST_PEPPER },
        ...(runtimes[0] ? { database: runtimes[0].database } : {}),
      });
      runtimes.push(rt);
      servers.push(await startServer(rt));
      bases.push(`http://127.0.0.1:${port}`);
    }
    await seedPartner(runtimes[0]!.operator);
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const rt of runtimes.reverse()) await rt.cleanup();
  });

  it("serves one session alternately from either replica", async () => {
    const [a = "", b = ""] = bases;
    const browser = new PortalClient(a, a);
    const start = await browser.get(`${a}/portal/`);
    const asked = await browser.post(`${b}/portal/sign-in`, { csrf: inputValue(start.html, "csrf"), email: MANAGER });
    expect(asked.status).toBe(303);
    // Asked on replica B; the link (PUBLIC_URL) is followed on replica A.
    const link = linkIn(runtimes[1]!.printed.join(""));
    const landed = await browser.get(link);
    expect(landed.status).toBe(303);
    const list = await browser.get(`${b}/portal/`);
    expect(list.html).toContain("Partner-NL-Search");
    const show = await browser.get(`${a}/portal/apps/Partner-NL-Search`);
    const csrf = inputValue(show.html, "csrf");
    const opened = await browser.post(`${b}/portal/run`, { command: "create Partner-NL-Search", csrf });
    const form = await browser.get(`${a}/portal/done`);
    expect(opened.status).toBe(303);
    const fields = {
      csrf,
      formToken: inputValue(form.html, "formToken"),
      command: "create",
      application: inputValue(form.html, "application"),
      displayName: "From two replicas",
      expiresOn: inputValue(form.html, "expiresOn"),
    };
    const revealed = await browser.post(`${b}/portal/form`, fields);
    expect(revealed.status).toBe(200);
    expect(revealed.html).toContain('id="secret-value"');
    const again = await browser.post(`${a}/portal/form`, fields);
    expect(again.status).toBe(303);
    expect((await browser.get(`${a}/portal/done`)).html).toContain("This form was sent already");
    const out = await browser.post(`${b}/portal/sign-out`, { csrf });
    expect(out.status).toBe(303);
    expect((await browser.get(`${a}/portal/`)).html).toContain("E-mail me a sign-in link");
  });
});
