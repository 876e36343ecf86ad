/**
 * A real browser for portal tests: Debian's Chromium (/usr/bin/chromium, which .ci/run installs) driven
 * by playwright-core, headless, each browser with a fresh profile. Every portal page the browser loads is
 * kept as served, to validate as HTML (html-validate), and each page checked is run through axe-core in
 * the page itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HtmlValidate } from "html-validate";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const axeSource: string = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

export type TestBrowser = {
  context: BrowserContext;
  page: Page;
  /** The HTML of every portal page loaded, as served, by URL. */
  served: { url: string; html: string }[];
  close(): Promise<void>;
};

export async function openBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "steward-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 390, height: 844 },
  });
  const served: { url: string; html: string }[] = [];
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("response", (response) => {
    const type = response.headers()["content-type"] ?? "";
    const isPortal = new URL(response.url()).pathname.startsWith("/portal/");
    if (!isPortal || !type.startsWith("text/html") || (response.status() >= 300 && response.status() < 400)) return;
    response.text().then(
      (html) => served.push({ url: response.url(), html }),
      () => undefined,
    );
  });
  return {
    context,
    page,
    served,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (no inline script is added).
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string | null; help: string }[] }> };
      }
    ).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
  });
  return results.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
}

/** html-validate's complaints about each page, by URL; empty when every page is valid. */
export async function invalidPages(served: { url: string; html: string }[]): Promise<string[]> {
  const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
  const problems: string[] = [];
  for (const { url, html } of served) {
    const report = await validator.validateString(html);
    for (const result of report.results) {
      for (const m of result.messages)
        problems.push(`${new URL(url).pathname}: ${m.ruleId} ${m.message} (line ${m.line})`);
    }
  }
  return problems;
}
