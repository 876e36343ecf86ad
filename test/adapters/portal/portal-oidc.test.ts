/**
 * Portal sign-in through OpenID Connect over HTTP (issue 20), against oidc-provider: a verified e-mail
 * signs in; a callback with a wrong state, an unverified e-mail, or an issuer that does not answer each
 * get a clear page in our words and sign nobody in.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Server, startServer } from "../../../adapters/root/server.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { TestIdp } from "./oidc-idp.js";
import { inputValue, type Page, PortalClient } from "./portal-client.js";

describe("portal sign-in through OpenID Connect", () => {
  let rt: TestRuntime | undefined;
  let server: Server | undefined;
  let idp: TestIdp | undefined;

  afterEach(async () => {
    await server?.stop();
    await rt?.cleanup();
    await idp?.stop();
  });

  async function serve(issuer?: string) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    idp = new TestIdp(await freePort(), {
      id: "steward-portal",
      secret: "portal-client-secret-for-tests",
      redirectUri: `${base}/portal/auth/callback`,
    });
    if (!issuer) await idp.start();
    rt = await testRuntime({
      env: {
        PORT: String(port),
        PUBLIC_URL: base,
        STEWARD_PEPPER: TEST_PEPPER,
        PORTAL_OIDC_ISSUER: issuer ?? idp.issuer,
        PORTAL_OIDC_CLIENT_ID: idp.client.id,
        PORTAL_OIDC_CLIENT_SECRET: idp.client.secret,
      },
    });
    server = await startServer(rt);
    await seedPartner(rt.operator);
    return { base, idp };
  }

  /** Starts a sign-in in the portal; returns the browser and the provider's authorization URL. */
  async function start(base: string): Promise<{ browser: PortalClient; authorize: string }> {
    const browser = new PortalClient(base);
    const page = await browser.get("/portal/");
    const started = await browser.post("/portal/auth/start", { csrf: inputValue(page.html, "csrf") });
    expect(started.status).toBe(303);
    return { browser, authorize: started.headers.get("location") ?? "" };
  }

  /** The person at the provider: logs in as `login` and consents; returns the redirect back to the portal. */
  async function atProvider(idpBase: string, authorize: string, login: string): Promise<string> {
    const user = new PortalClient(idpBase, null);
    let answer: Page = await user.get(authorize);
    for (let i = 0; i < 10; i++) {
      const location = answer.headers.get("location");
      if (location?.includes("/portal/auth/callback")) return location;
      if (location) {
        answer = await user.get(new URL(location, idpBase).href);
        continue;
      }
      const action = /<form[^>]*action="([^"]+)"/.exec(answer.html)?.[1] ?? "";
      const prompt = inputValue(answer.html, "prompt");
      answer = await user.post(action, prompt === "login" ? { prompt, login, password: "any" } : { prompt });
    }
    throw new Error("the provider never sent the browser back");
  }

  it("signs in a person whose e-mail the provider says is verified", async () => {
    const { base, idp } = await serve();
    idp.accounts.set("ann", { email: MANAGER, emailVerified: true });
    const { browser, authorize } = await start(base);
    const url = new URL(authorize);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("nonce")).toBeTruthy();
    const back = await browser.get(await atProvider(idp.issuer, authorize, "ann"));
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe("/portal/");
    expect((await browser.get("/portal/")).html).toContain("Partner-NL-Search");
  });

  it("refuses an e-mail the provider does not say is verified", async () => {
    const { base, idp } = await serve();
    idp.accounts.set("ann", { email: MANAGER, emailVerified: false });
    const { browser, authorize } = await start(base);
    const back = await browser.get(await atProvider(idp.issuer, authorize, "ann"));
    expect(back.status).toBe(400);
    expect(back.html).toContain("does not say your e-mail address is verified");
    expect((await browser.get("/portal/")).html).toContain("E-mail me a sign-in link");
  });

  it("refuses a callback whose state is not this browser's", async () => {
    const { base, idp } = await serve();
    idp.accounts.set("ann", { email: MANAGER, emailVerified: true });
    const { authorize } = await start(base);
    const callback = await atProvider(idp.issuer, authorize, "ann");
    // Another browser brings the callback (login CSRF): it signs nobody in.
    const other = new PortalClient(base);
    await other.get("/portal/");
    const answer = await other.get(callback);
    expect(answer.status).toBe(400);
    expect(answer.html).toContain("does not belong to this browser");
    const { browser } = await start(base);
    const wrong = await browser.get("/portal/auth/callback?code=made-up&state=wrong");
    expect(wrong.status).toBe(400);
    expect((await browser.get("/portal/")).html).toContain("E-mail me a sign-in link");
  });

  it("says so when the provider does not answer", async () => {
    const { base } = await serve(`http://127.0.0.1:${await freePort()}`);
    const browser = new PortalClient(base);
    const page = await browser.get("/portal/");
    const answer = await browser.post("/portal/auth/start", { csrf: inputValue(page.html, "csrf") });
    expect(answer.status).toBe(503);
    expect(answer.html).toContain("sign-in service is not answering");
  });
});
