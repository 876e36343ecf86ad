import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, cliEnv, steward, stewardProcess } from "../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../helpers/config.js";
import { type TestDatabase, testDatabase } from "../../helpers/database.js";
import { freePort } from "../../helpers/http.js";
import { TestSmtp } from "../../helpers/smtp.js";

const NOW = "2027-03-24T09:00:00Z";

/** Two applications with one manager each and a contact, secrets expiring on 31 March 2027. */
async function seed(env: Record<string, string>) {
  const run = async (args: string[]) => {
    const result = await steward(args, env);
    expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
  };
  await run(["org", "add", "Partner NL", "--contact", "ops@partner-nl.org"]);
  for (const app of ["Partner-NL-Search", "Partner-NL-Match"]) {
    await run(["app", "add", app, "--org", "Partner NL"]);
    await run(["grant", `lead@${app.toLowerCase()}.org`, "--app", app, "--role", "manager"]);
    await run(["secret", "create", "--app", app, "--as", `lead@${app.toLowerCase()}.org`, "--expires", "2027-03-31"]);
  }
}

const recipients = (smtp: TestSmtp) => smtp.received.map((m) => (Array.isArray(m.to) ? "" : (m.to?.text ?? ""))).sort();

describe("steward remind", () => {
  let smtp: TestSmtp;
  let dir: string;
  let database: TestDatabase;
  afterEach(async () => {
    await smtp.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The environment of a CLI run on a fresh database, mailing through `smtp`. */
  async function freshEnv(): Promise<Record<string, string>> {
    dir = tempDir();
    database = await testDatabase(dir);
    return { ...database.env, STEWARD_PEPPER: TEST_PEPPER, SMTP_URL: smtp.url };
  }

  it("resends at most one message after the process is killed between claim and delivery", async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    const env = await freshEnv();
    await seed(env);

    smtp.mode = "hang";
    const child = spawn(process.execPath, [BIN, "remind", "--now", NOW], { env: cliEnv(env) });
    await smtp.hanging; // the child has claimed a recipient's rows and is inside the SMTP conversation
    const killed = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await killed;

    smtp.mode = "accept";
    const again = await steward(["remind", "--now", NOW], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout, again.stderr).toMatch(/resumed \d+ interrupted/);
    const got = recipients(smtp);
    const expected = ["lead@partner-nl-match.org", "lead@partner-nl-search.org", "ops@partner-nl.org"];
    expect([...new Set(got)], again.stdout).toEqual(expected);
    expect(got.length).toBe(expected.length); // the hung message never reached the server, so none twice here

    const status = await steward(["remind", "--status"], env);
    expect(status.stdout.trim()).toBe("✅ Every recorded reminder, notice and webhook event was delivered.");
  });

  it("delivers each reminder once when two passes start at once in two processes", async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    const env = await freshEnv();
    await seed(env);
    // Two processes, as two replicas or a cron job beside the bot: each with its own database connection.
    const [a, b] = await Promise.all([
      stewardProcess(["remind", "--now", NOW], env),
      stewardProcess(["remind", "--now", NOW], env),
    ]);
    expect([a.code, b.code]).toContain(0);
    expect(recipients(smtp)).toEqual(["lead@partner-nl-match.org", "lead@partner-nl-search.org", "ops@partner-nl.org"]);
  });

  it("counts a dry run as the pass does, and lists failures in --status as camelCase JSON", async () => {
    smtp = new TestSmtp(await freePort());
    const env = await freshEnv();
    await seed(env);
    const dry = await steward(["remind", "--now", NOW, "--dry-run"], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      "4 reminders (one per secret and recipient) and 0 access notices would go out, for 2 secrets; nothing was sent or recorded",
    );
    expect(dry.stdout).toMatch(
      /• 7d: Partner-NL-Search sst_\w{3}… \(expires 2027-03-31\) → lead@partner-nl-search\.org, ops@partner-nl\.org/,
    );

    const down = await steward(["remind", "--now", NOW], env); // smtp never started: connection refused
    expect(down.stdout).toContain("4 reminders (one per secret and recipient) recorded");
    expect(down.stdout).toContain("retrying 4");
    const status = await steward(["remind", "--status", "--json"], env);
    const rows = JSON.parse(status.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row).toMatchObject({
        status: "pending",
        attempts: 1,
        lastError: expect.stringContaining("ECONNREFUSED"),
        nextAttemptAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
      for (const key of Object.keys(row)) expect(key).toMatch(/^[a-z][A-Za-z]*$/);
    }
    expect((await steward(["remind", "--status", "--dry-run"], env)).code).toBe(2);
  });

  it("prints the pass as JSON with --json, and a dry run too, with nothing else on stdout", async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    const env = await freshEnv();
    await seed(env);
    const dry = await steward(["remind", "--now", NOW, "--dry-run", "--json"], env);
    expect(JSON.parse(dry.stdout)).toMatchObject({ isDryRun: true, at: "2027-03-24T09:00:00.000Z" });
    expect((JSON.parse(dry.stdout) as { reminders: unknown[] }).reminders).toHaveLength(4);
    const done = await steward(["remind", "--now", NOW, "--json"], env);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toEqual({
      isDryRun: false,
      at: "2027-03-24T09:00:00.000Z",
      recorded: 4,
      sent: 4,
      printed: 0,
      retrying: 0,
      failed: 0,
      recovered: 0,
      access: { lapsed: 0, warned: 0, ended: 0 },
      rotations: { asked: 0, retired: 0, failed: 0 },
      outbox: { sent: 0, retrying: 0, failed: 0, recovered: 0 },
    });
    // Four reminders, three mails: the contact gets both secrets in one digest.
    expect(smtp.received).toHaveLength(3);
  });

  it("keeps stdout to the JSON when the pass's housekeeping prints mail for want of SMTP_URL", async () => {
    smtp = new TestSmtp(await freePort());
    const { SMTP_URL: _unset, ...env } = await freshEnv();
    const run = async (args: string[]) => expect((await steward(args, env)).code).toBe(0);
    await run(["org", "add", "Partner NL"]);
    await run(["app", "add", "Partner-NL-Search", "--org", "Partner NL"]);
    await run(["grant", "vic@partner-nl.org", "--app", "Partner-NL-Search", "--role", "viewer", "--for", "5d"]);
    // Three days before the grant ends, the pass tells its holder; with no SMTP_URL that mail is printed.
    const now = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const done = await steward(["remind", "--now", now, "--json"], env);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ isDryRun: false, recorded: 0 });
    expect(done.stderr).toContain("Not sent (SMTP_URL is not set) — to: vic@partner-nl.org");
  });

  it("lists in a dry run everything the pass sends at the same --now, access notices included", async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    const env = { ...(await freshEnv()), ADMIN_EMAILS: "root@registry.org" };
    const run = async (args: string[], input?: string) => {
      const result = await steward(args, env, input);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    };
    await run(["org", "add", "Partner NL", "--contact", "ops@partner-nl.org"]);
    await run(["app", "add", "Partner-NL-Search", "--org", "Partner NL"]);
    await run(["grant", "lead@partner-nl.org", "--app", "Partner-NL-Search", "--role", "manager"]);
    await run(["grant", "bob@partner-nl.org", "--app", "Partner-NL-Search", "--role", "manager", "--for", "5d"]);
    await run(["grant", "vic@partner-nl.org", "--app", "Partner-NL-Search", "--role", "viewer", "--for", "10d"]);
    await run(["secret", "create", "--app", "Partner-NL-Search", "--as", "lead@partner-nl.org", "--expires", "15d"]);
    await run(["console", "--as", "sam@elsewhere.org"], "request Partner-NL-Search viewer --reason Testing\n");
    // Eight days on: Sam's request lapses, Vic's grant ends within three days, Bob's has ended (one manager
    // left, which the administrators hear: the organisation has no managers of its own).
    const now = new Date(Date.now() + 8 * 86_400_000).toISOString();
    const before = smtp.received.length;

    const dry = await steward(["remind", "--now", now, "--dry-run", "--json"], env);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as {
      reminders: { recipient: string }[];
      notices: { kind: string; to: string; about: string }[];
    };
    expect(plan.notices.map((n) => [n.kind, n.to])).toEqual([
      ["request-lapses", "sam@elsewhere.org"],
      ["grant-ends-soon", "vic@partner-nl.org"],
      ["few-managers", "root@registry.org"],
    ]);
    const text = await steward(["remind", "--now", now, "--dry-run"], env);
    expect(text.stdout).toMatch(
      /^• request-lapses: access request #\d+ to view Partner-NL-Search \(asked .*\) lapses undecided → sam@elsewhere\.org$/m,
    );
    expect(text.stdout).toMatch(
      /^• grant-ends-soon: their access to view Partner-NL-Search ends on .* → vic@partner-nl\.org$/m,
    );
    expect(smtp.received).toHaveLength(before);

    const done = await steward(["remind", "--now", now], env);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain("Access: 1 request lapsed, 1 grant ending soon announced, 1 grant ended.");
    const mailedTo = new Set(smtp.received.slice(before).map((m) => (Array.isArray(m.to) ? "" : (m.to?.text ?? ""))));
    const planned = new Set([...plan.reminders.map((r) => r.recipient), ...plan.notices.map((n) => n.to)]);
    expect([...mailedTo].sort()).toEqual([...planned].sort());
    // Nothing is left to announce at the same moment.
    const again = JSON.parse((await steward(["remind", "--now", now, "--dry-run", "--json"], env)).stdout);
    expect([again.reminders, again.notices]).toEqual([[], []]);
  });

  it.each([["0"], ["12"], ["2027-13-01"], ["next monday"]])(
    "refuses --now %s as bad usage, saying the form",
    async (now) => {
      smtp = new TestSmtp(await freePort());
      const env = await freshEnv();
      const result = await steward(["remind", "--now", now, "--dry-run"], env);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        "❌ --now must be an ISO 8601 date or date-time, such as 2027-03-01 or 2027-03-01T09:00:00Z (a time without a zone is UTC)",
      );
      expect(result.stderr).toMatch(/usage: steward remind/);
      expect(result.stdout).toBe("");
    },
  );
});
