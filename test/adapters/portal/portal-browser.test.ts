/**
 * The partner portal in a real browser (issue 20): Chromium walks the issue's flow — a link asked for and
 * read from a real SMTP server, sign-in, the list, one application, a secret created (shown once; reload
 * and back do not show it again) and deleted after the confirmation, access requested, approved by an
 * administrator in the portal, sign-out — and signs in through OpenID Connect against oidc-provider.
 * Every page validates as HTML and has no serious accessibility violation.
 */
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type Server, startServer } from "../../../adapters/root/server.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { isPostgres } from "../../helpers/database.js";
import { freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { TestSmtp } from "../../helpers/smtp.js";
import { CHROMIUM, invalidPages, openBrowser, seriousViolations, type TestBrowser } from "./browser.js";
import { TestIdp } from "./oidc-idp.js";
import { linkIn } from "./portal-client.js";

const ADMIN = "admin@host.example.org";

// Skipped only outside CI on a machine without Chromium (apt-get install chromium); CI installs it (.ci/run).
// One database is enough for the browser: the HTTP, OpenID Connect and replica tests cover PostgreSQL.
describe.skipIf(isPostgres || (!existsSync(CHROMIUM) && !process.env.CI))("the partner portal in Chromium", () => {
  let rt: TestRuntime | undefined;
  let server: Server | undefined;
  let smtp: TestSmtp | undefined;
  let idp: TestIdp | undefined;
  let browser: TestBrowser | undefined;

  afterEach(async () => {
    await browser?.close();
    await server?.stop();
    await rt?.cleanup();
    await smtp?.stop();
    await idp?.stop();
  });

  async function serve(env: Record<string, string>, port: number) {
    const base = `http://127.0.0.1:${port}`;
    rt = await testRuntime({
      env: { PORT: String(port), PUBLIC_URL: base, STEWARD_PEPPER: TEST_PEPPER, ADMIN_EMAILS: ADMIN, ...env },
    });
    server = await startServer(rt);
    const { app } = await seedPartner(rt.operator);
    return { base, app };
  }

  it("walks from an e-mailed link to sign-out: list, show, create once, delete, request, approve", async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    const { base, app } = await serve({ SMTP_URL: smtp.url }, await freePort());
    browser = await openBrowser();
    const { page } = browser;
    const checked: string[] = [];
    const check = async () => {
      checked.push(...(await seriousViolations(page)).map((v) => `${page.url()}: ${v}`));
    };

    const signIn = async (email: string) => {
      await page.goto(`${base}/portal/`);
      await check();
      await page.getByLabel("Your e-mail address").fill(email);
      await page.getByRole("button", { name: "E-mail me a sign-in link" }).click();
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Check your e-mail");
      const mail = await smtp!.arrivals.until(
        () =>
          smtp!.received.find(
            (m) => !Array.isArray(m.to) && m.to?.text === email && m.subject?.includes("sign-in link") && !used.has(m),
          ),
        10_000,
        () => `no sign-in mail to ${email}`,
      );
      used.add(mail);
      await page.goto(linkIn(mail.text ?? ""));
      // Signed in: the address bar shows no token.
      expect(page.url()).toBe(`${base}/portal/`);
    };
    const used = new Set<unknown>();

    await signIn(MANAGER);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("application");
    await check();

    // One application.
    await page.getByRole("link", { name: "Show" }).first().click();
    await expect.poll(() => page.content()).toContain(app.clientId);
    await check();
    // README's screenshot: PORTAL_SCREENSHOT=docs/portal.png npx vitest run --project sqlite <this file>
    if (process.env.PORTAL_SCREENSHOT) await page.screenshot({ path: process.env.PORTAL_SCREENSHOT, fullPage: true });

    // Create a secret: the value once.
    await page.getByRole("button", { name: "Create secret" }).click();
    await page.getByLabel("Display name").fill("Browser secret");
    await check();
    await page.getByRole("button", { name: "Create", exact: true }).click();
    const value = await page.locator("#secret-value").inputValue();
    expect(value).toMatch(/^sst_/);
    await expect.poll(() => page.getByRole("button", { name: "Copy to clipboard" }).isVisible()).toBe(true);
    await check();
    await page.reload();
    expect(await page.content()).not.toContain(value);
    await page.goBack();
    expect(await page.content()).not.toContain(value);

    // Delete it, after the confirmation.
    await page.goto(`${base}/portal/apps/${app.clientId}`);
    await page.locator(".item", { hasText: "Browser secret" }).getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => page.content()).toMatch(/never been used/);
    await check();
    await page.locator(".confirm").getByRole("button", { name: "Delete" }).click();
    await expect.poll(() => page.content()).toMatch(/deleted/i);
    await check();
    const left = await rt!.db.select().from(rt!.db.t.clientSecrets);
    expect(left.filter((s) => s.displayName === "Browser secret")).toEqual([]);

    // Request access to the whole organisation.
    await page.getByRole("link", { name: "Request access" }).click();
    await page.getByLabel("Application or organisation").fill("Partner NL");
    await page.getByLabel("Role").selectOption("viewer");
    await check();
    await page.getByRole("button", { name: "Request", exact: true }).click();
    await expect.poll(() => page.locator("main").textContent()).toMatch(/Partner NL/);
    await check();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Signed out");

    // An administrator approves it in the portal.
    await signIn(ADMIN);
    await page.getByRole("link", { name: "Open requests" }).click();
    await check();
    await page.getByRole("button", { name: "Approve" }).first().click();
    await expect.poll(() => page.locator("main").textContent()).toMatch(/may now view Partner NL/);
    await check();
    const grants = await rt!.db.select().from(rt!.db.t.accessGrants);
    expect(grants.filter((g) => g.organisationId !== null && g.role === "viewer")).toHaveLength(1);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Signed out");
    await check();

    expect(checked).toEqual([]);
    expect(await invalidPages(browser.served)).toEqual([]);
    expect(browser.served.length).toBeGreaterThan(10);
  }, 180_000);

  it("signs in through OpenID Connect against the organisation's provider", async () => {
    const port = await freePort();
    idp = new TestIdp(await freePort(), {
      id: "steward-portal",
      secret: "portal-client-secret-for-tests",
      redirectUri: `http://127.0.0.1:${port}/portal/auth/callback`,
    });
    idp.accounts.set("ann", { email: MANAGER, emailVerified: true });
    await idp.start();
    const { base } = await serve(
      {
        PORTAL_OIDC_ISSUER: idp.issuer,
        PORTAL_OIDC_CLIENT_ID: idp.client.id,
        PORTAL_OIDC_CLIENT_SECRET: idp.client.secret,
      },
      port,
    );
    browser = await openBrowser();
    const { page } = browser;
    await page.goto(`${base}/portal/`);
    await page.getByRole("button", { name: "Sign in with your organisation's account" }).click();
    await page.locator('input[name="login"]').fill("ann");
    await page.locator('input[name="password"]').fill("any");
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${base}/portal/`);
    expect(await page.content()).toContain("Partner-NL-Search");
    expect(await seriousViolations(page)).toEqual([]);
    expect(await invalidPages(browser.served)).toEqual([]);
  }, 90_000);
});
