/**
 * The portal over real HTTP (issue 20): sign-in by e-mailed link and every bad input the issue lists,
 * the security headers and cookie flags, posts from other origins, single-use reveal forms, sessions'
 * idle and absolute ends, a revoked grant, and the cross-organisation case.
 */
import { afterEach, describe, expect, it } from "vitest";
import { renderMail } from "../../../adapters/email/render-mail.js";
import { type Server, startServer } from "../../../adapters/root/server.js";
import { Calendar } from "../../../src/calendar.js";
import { reminderReply } from "../../../src/messages/reminders.js";
import { revokeAccess } from "../../../src/verbs/revoke-access.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, OTHER_APP, STRANGER, seedTwoOrganisations } from "../../helpers/seed.js";
import { buttonCommand, inputValue, linkIn, type Page, PortalClient } from "./portal-client.js";

describe("the partner portal over HTTP", () => {
  let rt: TestRuntime;
  let server: Server;
  let base = "";

  async function serve(env: Record<string, string> = {}) {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    rt = await testRuntime({
      env: { PORT: String(port), PUBLIC_URL: base, STEWARD_PEPPER: TEST_PEPPER, ...env },
      clock: new FixedClock(new Date()),
    });
    server = await startServer(rt);
    return seedTwoOrganisations(rt.operator, rt.as);
  }
  afterEach(async () => {
    if (process.env.DEBUG_PORTAL) console.log(rt.logLines.filter((l) => l.includes('"level":50')).join(""));
    await server?.stop();
    await rt?.cleanup();
  });

  const printedMail = () => rt.printed.join("");

  /** Asks for a link as `email` in this browser; returns the link from the printed mail (or null). */
  async function askLink(browser: PortalClient, email: string): Promise<string | null> {
    const before = printedMail().length;
    const start = await browser.get("/portal/");
    const sent = await browser.post("/portal/sign-in", { csrf: inputValue(start.html, "csrf"), email });
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe("/portal/sign-in/sent");
    const mail = printedMail().slice(before);
    return mail.includes("/portal/sign-in/link") ? linkIn(mail) : null;
  }

  async function signIn(email = MANAGER): Promise<PortalClient> {
    const browser = new PortalClient(base);
    const link = await askLink(browser, email);
    const landed = await browser.get(link ?? "");
    expect(landed.status).toBe(303);
    expect(landed.headers.get("location")).toBe("/portal/");
    return browser;
  }

  it("signs in by a link that works once, within 15 minutes, in the browser that asked; the same answer for unknown addresses", async () => {
    await serve();
    const browser = new PortalClient(base);
    const link = await askLink(browser, MANAGER);
    expect(link).not.toBeNull();
    // An unknown address gets the same answer, and no mail.
    const stranger = new PortalClient(base);
    expect(await askLink(stranger, STRANGER)).toBeNull();
    const sentPage = await browser.get("/portal/sign-in/sent");
    expect(sentPage.html).toContain("If we know that address");

    // A HEAD (a mail scanner) and another browser sign nobody in, and the link is not used up.
    expect((await browser.request("HEAD", link ?? "")).status).toBe(200);
    const other = new PortalClient(base);
    const elsewhere = await other.get(link ?? "");
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.html).toContain("Open the link in the browser where you asked for it");
    const landed = await browser.get(link ?? "");
    expect(landed.status).toBe(303);
    // The cookie changed at sign-in (no fixation), and the URL after sign-in carries no token.
    expect(landed.headers.get("location")).toBe("/portal/");
    const list = await browser.get("/portal/");
    expect(list.status).toBe(200);
    expect(list.html).toContain("Partner-NL-Search");
    expect(list.html).not.toContain(OTHER_APP);

    // Used: unknown now, in any browser.
    const again = await browser.get(link ?? "");
    expect(again.status).toBe(400);
    expect(again.html).toContain("It is not known, or it was used already");
    expect((await new PortalClient(base).get("/portal/sign-in/link?token=made-up")).status).toBe(400);

    // Expired after 15 minutes.
    const late = new PortalClient(base);
    const lateLink = await askLink(late, MANAGER);
    rt.clock.advance(16 * 60_000);
    const expired = await late.get(lateLink ?? "");
    expect(expired.status).toBe(400);
    expect(expired.html).toContain("has expired");
    // No token or session id in the log.
    const token = new URL(link ?? "").searchParams.get("token") ?? "";
    const logged = rt.logLines.join("");
    expect(logged).not.toContain(token);
    for (const value of browser.cookies.values()) expect(logged).not.toContain(value);
  });

  it("sends a person who follows a mail's link to that page after sign-in, and reminder mail links there", async () => {
    const { ids } = await serve();
    const clientId = ids["Partner-NL-Search"] ?? "";
    const browser = new PortalClient(base);
    const before = await browser.get(`/portal/apps/${clientId}`);
    expect(before.status).toBe(303);
    expect(before.headers.get("location")).toBe("/portal/");
    const link = await askLink(browser, MANAGER);
    const landed = await browser.get(link ?? "");
    expect(landed.headers.get("location")).toBe(`/portal/apps/${clientId}`);
    expect((await browser.follow(landed)).html).toContain(clientId);
    // What a reminder about this one application says by mail.
    const item = {
      applicationName: "Partner-NL-Search",
      clientId,
      hint: "abcd",
      displayName: "Main",
      expiresAt: new Date(rt.clock.now().getTime() + 7 * 86_400_000),
      hasSuccessor: false,
      kind: "secret" as const,
      providerLabel: "the built-in provider",
      deactivatedAt: null,
    };
    const mail = renderMail(reminderReply([item], Calendar.of(rt)), { slack: false, teams: false, portalUrl: base });
    expect(mail.text).toContain(`${base}/portal/apps/${clientId}`);
    expect(mail.html).toContain(`href="${base}/portal/apps/${clientId}"`);
  });

  it("sets the security headers and the cookie's flags", async () => {
    await serve();
    const page = await new PortalClient(base).get("/portal/");
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const [cookie = ""] = page.headers.getSetCookie();
    expect(cookie).toMatch(/^steward-portal=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it("uses a __Host- cookie with Secure when PUBLIC_URL is https", async () => {
    await serve();
    await server.stop();
    await rt.cleanup();
    const port = await freePort();
    rt = await testRuntime({
      env: { PORT: String(port), PUBLIC_URL: "https://steward.example.org", STEWARD_PEPPER: TEST_PEPPER },
    });
    server = await startServer(rt);
    const page = await new PortalClient(`http://127.0.0.1:${port}`).get("/portal/");
    const [cookie = ""] = page.headers.getSetCookie();
    expect(cookie).toMatch(/^__Host-steward-portal=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
  });

  it("refuses posts without or with a wrong CSRF token, or from another origin; accepts Origin: null only with Sec-Fetch-Site: same-origin", async () => {
    const { ids } = await serve();
    const browser = await signIn();
    const show = await browser.get(`/portal/apps/${ids["Partner-NL-Search"]}`);
    const csrf = inputValue(show.html, "csrf");
    const command = "request Partner-NL-Search viewer";
    const refusals: Page[] = [
      await browser.post("/portal/run", { command }),
      await browser.post("/portal/run", { command, csrf: "wrong" }),
      await browser.post("/portal/run", { command, csrf }, { origin: "https://evil.example" }),
      await browser.post("/portal/run", { command, csrf }, { origin: "null" }),
      await browser.post("/portal/run", { command, csrf }, { origin: "null", "sec-fetch-site": "cross-site" }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(await rt.db.select().from(rt.db.t.accessRequests)).toEqual([]);
    const accepted = await browser.post(
      "/portal/run",
      { command: "list", csrf },
      { origin: "null", "sec-fetch-site": "same-origin" },
    );
    expect(accepted.status).toBe(303);
    // A tampered cookie is no session: signed out, nothing done.
    const tampered = new PortalClient(base);
    for (const [k, v] of browser.cookies) tampered.cookies.set(k, `${v.slice(0, -2)}xx`);
    const answer = await tampered.post("/portal/run", { command: "list", csrf });
    expect(answer.status).toBe(403);
    expect((await tampered.get(`/portal/apps/${ids["Partner-NL-Search"]}`)).status).toBe(303);
  });

  it("creates a secret through the form once: the value only on that answer, never cached, and the form token works once", async () => {
    const { ids } = await serve();
    const browser = await signIn();
    const show = await browser.get(`/portal/apps/${ids["Partner-NL-Search"]}`);
    const csrf = inputValue(show.html, "csrf");
    const opened = await browser.follow(
      await browser.post("/portal/run", { command: `create ${ids["Partner-NL-Search"]}`, csrf }),
    );
    expect(opened.html).toContain('action="/portal/form"');
    const formToken = inputValue(opened.html, "formToken");
    const fields = {
      csrf,
      formToken,
      command: "create",
      application: inputValue(opened.html, "application"),
      displayName: "Portal test",
      expiresOn: inputValue(opened.html, "expiresOn"),
    };
    const revealed = await browser.post("/portal/form", fields);
    expect(revealed.status).toBe(200);
    expect(revealed.headers.get("cache-control")).toBe("no-store");
    const secret = /id="secret-value"[^>]*value="([^"]+)"/.exec(revealed.html)?.[1] ?? "";
    expect(secret).toMatch(/^sst_/);
    // Sending the same form again creates nothing and shows no value.
    const again = await browser.follow(await browser.post("/portal/form", fields));
    expect(again.html).toContain("This form was sent already");
    expect(again.html).not.toContain(secret);
    const secrets = await rt.db.select().from(rt.db.t.clientSecrets);
    expect(secrets.filter((row) => row.displayName === "Portal test")).toHaveLength(1);
    // The value is in no log line and no session row.
    expect(rt.logLines.join("")).not.toContain(secret);
    const rows = await rt.db.select().from(rt.db.t.portalSessions);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it("deletes a secret only after the confirmation page, which says when it was last used", async () => {
    const { ids, secret } = await serve();
    const browser = await signIn();
    const show = await browser.get(`/portal/apps/${ids["Partner-NL-Search"]}`);
    const csrf = inputValue(show.html, "csrf");
    const asked = await browser.post("/portal/run", { command: buttonCommand(show.html, "Delete"), csrf });
    expect(asked.status).toBe(303);
    const confirmation = await browser.follow(asked);
    expect(confirmation.html).toMatch(/last used|never been used/i);
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(2);
    const yes = confirmation.html.split("<form").find((f) => f.includes('name="command" value="confirm'));
    const done = await browser.follow(
      await browser.post("/portal/run", { command: inputValue(yes ?? "", "command"), csrf }),
    );
    expect(done.html).toContain(secret.hint);
    const left = await rt.db.select().from(rt.db.t.clientSecrets);
    expect(left.map((row) => row.hint)).not.toContain(secret.hint);
  });

  it("shows field problems in our words, field by field, and changes nothing", async () => {
    const { ids } = await serve();
    const browser = await signIn();
    const show = await browser.get(`/portal/apps/${ids["Partner-NL-Search"]}`);
    const csrf = inputValue(show.html, "csrf");
    const opened = await browser.follow(
      await browser.post("/portal/run", { command: `create ${ids["Partner-NL-Search"]}`, csrf }),
    );
    const answer = await browser.post("/portal/form", {
      csrf,
      formToken: inputValue(opened.html, "formToken"),
      command: "create",
      application: inputValue(opened.html, "application"),
      displayName: "x".repeat(300),
      expiresOn: "2001-01-01",
    });
    expect(answer.status).toBe(303);
    const again = await browser.follow(answer);
    expect(again.html).toContain('aria-invalid="true"');
    expect(again.html).toContain('class="problem" id="problem-displayName"');
    expect(again.html).toContain('class="problem" id="problem-expiresOn"');
    expect(again.html).not.toContain('id="secret-value"');
  });

  it("answers an application the person holds no grant for exactly like one that does not exist", async () => {
    const { ids } = await serve();
    const browser = await signIn();
    const other = await browser.get(`/portal/apps/${ids[OTHER_APP]}`);
    const missing = await browser.get("/portal/apps/no-such-client");
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    const main = (p: Page, asked: string) => /<main[\s\S]*<\/main>/.exec(p.html)?.[0].replaceAll(asked, "X");
    expect(main(other, ids[OTHER_APP] ?? "")).toEqual(main(missing, "no-such-client"));
    expect(other.html).not.toContain(OTHER_APP);
  });

  it("ends a session after 30 idle minutes and after 12 hours; a revoked grant counts on the next request", async () => {
    const { ids } = await serve();
    const idle = await signIn();
    rt.clock.advance(31 * 60_000);
    expect((await idle.get("/portal/")).html).toContain("E-mail me a sign-in link");

    const busy = await signIn();
    for (let i = 0; i < 24; i++) {
      rt.clock.advance(29 * 60_000);
      expect((await busy.get("/portal/")).html).toContain("Partner-NL-Search");
    }
    rt.clock.advance(29 * 60_000);
    expect((await busy.get("/portal/")).html).toContain("E-mail me a sign-in link");

    const browser = await signIn();
    expect((await browser.get(`/portal/apps/${ids["Partner-NL-Search"]}`)).status).toBe(200);
    await revokeAccess(rt.operator, { email: MANAGER, target: { kind: "application", ref: "Partner-NL-Search" } });
    expect((await browser.get(`/portal/apps/${ids["Partner-NL-Search"]}`)).status).toBe(404);
  });

  it("rate-limits link requests per e-mail and per client address (TRUST_PROXY honoured)", async () => {
    await serve({ TRUST_PROXY: "127.0.0.1" });
    const browser = new PortalClient(base);
    const start = await browser.get("/portal/");
    const csrf = inputValue(start.html, "csrf");
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await browser.post("/portal/sign-in", { csrf, email: STRANGER })).status);
    expect(statuses).toEqual([303, 303, 303, 429]);
    // Per address: behind the trusted proxy, each client is counted alone.
    const fromA: number[] = [];
    for (let i = 0; i < 11; i++) {
      const email = `someone${i}@example.org`;
      fromA.push(
        (await browser.post("/portal/sign-in", { csrf, email }, { "x-forwarded-for": "198.51.100.1" })).status,
      );
    }
    expect(fromA.slice(0, 10).every((s) => s === 303)).toBe(true);
    expect(fromA[10]).toBe(429);
    const fromB = await browser.post(
      "/portal/sign-in",
      { csrf, email: "other@example.org" },
      { "x-forwarded-for": "198.51.100.2" },
    );
    expect(fromB.status).toBe(303);
  });

  it("refuses a malformed address on the sign-in page in our words", async () => {
    await serve();
    const browser = new PortalClient(base);
    const start = await browser.get("/portal/");
    const answer = await browser.post("/portal/sign-in", {
      csrf: inputValue(start.html, "csrf"),
      email: "not an address",
    });
    expect(answer.status).toBe(400);
    expect(answer.html).toContain("That is not an e-mail address");
  });
});
