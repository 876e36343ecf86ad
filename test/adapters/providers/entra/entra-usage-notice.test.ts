/**
 * Entra refusing its sign-in activity report (no AuditLog.Read.All): the administrators are told once,
 * by mail through the outbox, however many syncs and reminder passes meet the refusal — and told again
 * only after a read worked and the refusal came back. Everything else goes on; `expiring` says
 * "usage unknown".
 */
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGraph } from "../../../fakes/fake-graph.js";
import { FixedClock } from "../../../fakes/fixed-clock.js";
import { steward } from "../../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../../helpers/config.js";
import { isPostgres, type TestDatabase, testDatabase } from "../../../helpers/database.js";
import { freePort } from "../../../helpers/http.js";
import { TestSmtp } from "../../../helpers/smtp.js";

const HOUR = 3_600_000;
const APP = "Partner-NL-Search";
const ADMIN = "it@wmda.example";
const MANAGER = "ann@partner-nl.org";
const hoursFromNow = (h: number) => new Date(Date.now() + h * HOUR);

describe("Entra's usage report refused", () => {
  let graph: FakeGraph;
  let smtp: TestSmtp;
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;

  const cli = async (...args: string[]) => {
    const result = await steward(args, env);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };
  const toldAdmins = () => smtp.received.filter((m) => m.subject?.includes("which secret is used is unknown"));

  beforeEach(async () => {
    graph = await FakeGraph.start(new FixedClock());
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    dir = tempDir();
    database = await testDatabase(dir);
    env = { ...graph.env(), ...database.env, STEWARD_PEPPER: TEST_PEPPER, SMTP_URL: smtp.url, ADMIN_EMAILS: ADMIN };
    await cli("org", "add", "Partner NL");
    const search = graph.addApplication(APP);
    graph.directory.addCredential(search, { displayName: "Old", start: hoursFromNow(-900), end: hoursFromNow(400) });
    await cli("entra", "import", "--org", "Partner NL", "--filter", "startswith(displayName,'Partner-NL-')");
    await cli("grant", MANAGER, "--app", APP, "--role", "manager");
  });
  afterEach(async () => {
    await graph.close();
    await smtp.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("tells the administrators once, naming AuditLog.Read.All, and again only after it worked and failed again", async () => {
    graph.mayReadSignIns = false;
    if (isPostgres) {
      // Two replicas meeting the refusal at the same moment: one notice.
      await Promise.all([cli("entra", "sync"), cli("entra", "sync")]);
    } else {
      await cli("entra", "sync");
      await cli("entra", "sync");
    }
    expect(toldAdmins()).toHaveLength(1);
    const [mail] = toldAdmins();
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe(ADMIN);
    expect(mail?.subject).toBe("⚠️ Microsoft Entra: which secret is used is unknown");
    expect(mail?.text).toContain("reading it needs the AuditLog.Read.All application permission (Microsoft Graph)");

    // The reminder pass syncs first and meets the refusal again: nobody is told again.
    await cli("remind", "--now", new Date().toISOString());
    expect(toldAdmins()).toHaveLength(1);
    // Meanwhile nothing else broke, and what is not known is said so.
    const expiring = await steward(["console", "--as", MANAGER], env, "expiring 30\n");
    expect(expiring.stdout).toContain("Use: usage unknown");

    graph.mayReadSignIns = true; // granted: a read works, and ends the spell
    await cli("entra", "sync");
    expect(toldAdmins()).toHaveLength(1);

    graph.mayReadSignIns = false; // revoked again: a new spell, told again
    await cli("entra", "sync");
    await cli("entra", "sync");
    expect(toldAdmins()).toHaveLength(2);
  });
});
