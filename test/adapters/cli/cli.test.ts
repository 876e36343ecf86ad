import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { steward, stewardProcess } from "../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../helpers/config.js";
import { isPostgres, type TestDatabase, testDatabase } from "../../helpers/database.js";

/** How `steward` names a database in its messages: the SQLite file, or PostgreSQL's host, port and database. */
function locationOf(env: Record<string, string>): string {
  if (!env.DATABASE_URL) return env.DATABASE_PATH!;
  const url = new URL(env.DATABASE_URL);
  return `PostgreSQL at ${url.hostname}:${url.port}, database ${url.pathname.slice(1)}`;
}

describe("the steward CLI", () => {
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = tempDir();
    database = await testDatabase(dir);
    env = { ...database.env, STEWARD_PEPPER: TEST_PEPPER };
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints help for every command and exits 0", async () => {
    const top = await steward(["--help"], env);
    expect(top.code).toBe(0);
    for (const name of [
      "start",
      "console",
      "migrate",
      "org",
      "app",
      "grant",
      "revoke",
      "admin",
      "secret",
      "audit",
      "backup",
    ]) {
      expect(top.stdout).toContain(`  ${name}`);
    }
    for (const args of [
      ["secret", "create", "--help"],
      ["app", "add", "--help"],
      ["grant", "--help"],
      ["audit", "--help"],
    ]) {
      const help = await steward(args, env);
      expect(help.code, args.join(" ")).toBe(0);
      expect(help.stdout).toContain("Usage: steward");
    }
  });

  it("exits 2 with a one-line reason in our words and the usage on bad usage", async () => {
    const cases = [
      [["frobnicate"], /^❌ steward has no command "frobnicate"\. See steward --help for the commands\.$/m],
      [["orgg", "add", "X"], /^❌ steward has no command "orgg"\. Did you mean org\?/m],
      [["app", "add", "X"], /^❌ --org <organisation> is required\.$/m],
      [["org", "add"], /^❌ Give the name\.$/m],
      [["org", "add", "A", "B"], /^❌ Too many words: put a name with spaces in quotes\.$/m],
      [["org", "add", "A", "--bogus"], /^❌ There is no option --bogus here\. See --help for the options\.$/m],
      [["secret", "create", "--app", "X", "--as"], /^❌ --as needs a value: --as <email>\.$/m],
      [["grant", "a@b.org", "--role", "manager"], /^❌ Give exactly one of --app <app> or --org <organisation>\.$/m],
      [["grant", "a@b.org", "--app", "X", "--role", "owner"], /^❌ --role is manager or viewer, not "owner"\.$/m],
      [["secret", "delete", "--app", "X", "--secret", "sst_abc", "--as", "a@b.org"], /add --yes to confirm/],
      [["audit", "--since", "last tuesday"], /^❌ --since must be an ISO 8601 date or date-time/m],
      [["audit", "--since", "0"], /^❌ --since must be an ISO 8601 date or date-time, such as 2026-11-01 or/m],
      [["audit", "--limit", "1e3"], /^❌ --limit must be a whole number from 1 to 10000\.$/m],
      [["org", "add", "Partner BE", "--contact", "notmail"], /^❌ "notmail" is not an e-mail address\./m],
      [["admin", "add", "notmail"], /^❌ "notmail" is not an e-mail address\./m],
      [["org", "add", "Bad\u001b[31mName"], /^❌ The organisation name cannot contain control characters/m],
      [
        ["grant", "a@b.org", "--app", "X", "--role", "viewer", "--for", "400d"],
        /^❌ "400d" is not a grant length. Give a number of days from 1 to 365/m,
      ],
      [["grant", "list", "--app", "X", "--org", "Y"], /^❌ Give at most one of --app <app> or --org <organisation>/m],
    ] as const;
    for (const [args, reason] of cases) {
      const result = await steward([...args], env);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(reason);
      expect(result.stderr, args.join(" ")).toMatch(/^usage: steward .*--help for more\)$/m);
      expect(result.stderr, args.join(" ")).not.toMatch(/^error:|Invalid|Too small|expected|"level"/m);
    }
    const group = await steward(["org"], env);
    expect([group.code, group.stderr]).toEqual([2, expect.stringContaining("Usage: steward org")]);
  });

  it("exits 2 for a bad option value a command only finds out about once it runs", async () => {
    await steward(["org", "add", "Values Ltd"], env);
    await steward(["app", "add", "Values-App", "--org", "Values Ltd"], env);
    await steward(["grant", "val@values.org", "--app", "Values-App", "--role", "manager"], env);
    const bad = await steward(
      ["secret", "create", "--app", "Values-App", "--as", "val@values.org", "--expires", "2027-13-01"],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^❌ "2027-13-01" is not an expiry\. Use a date like 2027-03-01 or a number of days like 90d\.$/m,
    );
    expect(bad.stderr).toMatch(/^usage: steward secret create/m);
    const blank = await steward(
      ["secret", "create", "--app", "Values-App", "--as", "val@values.org", "--replacing", " "],
      env,
    );
    expect([blank.code, blank.stderr]).toEqual([
      2,
      expect.stringMatching(/^❌ --replacing takes the key id of one secret, as `show` lists it\.$/m),
    ]);
    // A key id that matches nothing is refused, never silently ignored; nothing is created.
    const stray = await steward(
      ["secret", "create", "--app", "Values-App", "--as", "val@values.org", "--replacing", "no-such-key"],
      env,
    );
    expect([stray.code, stray.stderr.split("\n")[0]]).toEqual([
      2,
      '❌ Values-App has no secret with key id "no-such-key", so --replacing matches nothing; nothing was created. Run `steward secret list --app Values-App` to see its key ids.',
    ]);
    const made = await steward(["secret", "create", "--app", "Values-App", "--as", "val@values.org", "--json"], env);
    const { keyId } = JSON.parse(made.stdout) as { keyId: string };
    const needless = await steward(
      ["secret", "create", "--app", "Values-App", "--as", "val@values.org", "--replacing", keyId],
      env,
    );
    expect([needless.code, needless.stderr.split("\n")[0]]).toEqual([
      2,
      `❌ A new secret of Values-App ends no other secret now, so --replacing ${keyId} agrees to nothing; nothing was created. Run the command again without --replacing.`,
    ]);
    const listed = JSON.parse((await steward(["secret", "list", "--app", "Values-App", "--json"], env)).stdout);
    expect(listed.secrets).toHaveLength(1);
  });

  it("refuses an API name that is not an OAuth2 scope token, in our words, and adds nothing", async () => {
    await steward(["org", "add", "Scopes Ltd"], env);
    for (const api of ["bad api", 'say"hi', "back\\slash"]) {
      const bad = await steward(
        ["app", "add", "Scopes-App", "--org", "Scopes Ltd", "--api", "search", "--api", api],
        env,
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(
        `❌ The API name "${api}" cannot be used: API clients ask for it as an OAuth2 scope, which has no spaces, quotes or backslashes (RFC 6749 §3.3).`,
      );
    }
    const none = await steward(["secret", "list", "--app", "Scopes-App"], env);
    expect(none.code).toBe(1);
    const good = await steward(
      [
        "app",
        "add",
        "Scopes-App",
        "--org",
        "Scopes Ltd",
        "--api",
        "registry.read",
        "--api",
        "urn:wmda:search",
        "--json",
      ],
      env,
    );
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).apis).toEqual(["registry.read", "urn:wmda:search"]);
  });

  it("names the CLI's own next steps, never a chat command", async () => {
    const missing = await steward(["app", "add", "Orphan", "--org", "Nobody"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      '❌ There is no organisation "Nobody". Check the name with `steward org list`, or add it with `steward org add "Nobody"`.',
    );
    const notManager = await steward(["secret", "create", "--app", "Nothing", "--as", "x@y.org"], env);
    expect(notManager.code).toBe(1);
    expect(notManager.stderr).toMatch(
      /I can't find an application "Nothing" \(by name or clientId\) that you have access to/,
    );
    await steward(["org", "add", "Steps Ltd"], env);
    await steward(["app", "add", "Steps-App", "--org", "Steps Ltd"], env);
    await steward(["grant", "step@steps.org", "--app", "Steps-App", "--role", "manager"], env);
    const gone = await steward(
      ["secret", "delete", "--app", "Steps-App", "--secret", "sst_Zzz", "--as", "step@steps.org", "--yes"],
      env,
    );
    expect(gone.stderr.trim()).toBe(
      '❌ Steps-App has no secret "sst_Zzz". Run `steward secret list --app Steps-App` to see its secrets\' hints and key ids.',
    );
    const grantee = await steward(["grant", "a@b.org", "--app", "Nope-App", "--role", "viewer"], env);
    expect(grantee.stderr.trim()).toBe(
      '❌ There is no application "Nope-App". Check the name with `steward app list` (its clientId works too).',
    );
    for (const result of [missing, notManager, gone, grantee]) {
      expect(result.stderr).not.toMatch(/Type `|`list`|`show /);
    }
  });

  it.skipIf(isPostgres)("says what is wrong with a backup target, in one line and without a stack", async () => {
    const cases = [
      [["backup", join(dir, "no", "such", "dir", "copy.db")], 1, /^❌ The directory .*no\/such\/dir does not exist\./],
      [["backup", ""], 2, /^❌ Give the file to write the copy to/],
      [
        ["backup", join(env.DATABASE_PATH ?? dir, "inside.db")],
        1,
        /is not a directory; choose a file in a directory\.$/m,
      ],
      [["backup", "/proc/self/copy.db"], 1, /^❌ Could not write the copy to \/proc\/self\/copy\.db: .*Choose a file/],
      [
        ["backup", join(dir, "a".repeat(300))],
        1,
        /^❌ The file name is 300 characters long; a file name may have at most 255 bytes\. Choose a shorter name\.\n$/,
      ],
    ] as const;
    for (const [args, code, reason] of cases) {
      const result = await steward([...args], env);
      expect(result.code, args.join(" ")).toBe(code);
      expect(result.stderr, args.join(" ")).toMatch(reason);
      expect(result.stderr, args.join(" ")).not.toMatch(/"level"|stack|Something went wrong/);
      expect(result.stdout, args.join(" ")).not.toMatch(/"level"/);
    }
  });

  it("prints JSON in camelCase without internal row ids", async () => {
    const org = await steward(["org", "add", "Json Ltd", "--contact", "ops@json.org", "--json"], env);
    expect(JSON.parse(org.stdout)).toEqual({ name: "Json Ltd", contacts: ["ops@json.org"] });
    const audit = await steward(["audit", "--json", "--limit", "3"], env);
    const entries = JSON.parse(audit.stdout) as Record<string, unknown>[];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(Object.keys(entry).sort()).toEqual(["action", "actor", "at", "detail", "surface", "target"]);
    }
  });

  it("keeps apart the output of runs at once in one process", async () => {
    expect((await steward(["org", "add", "Apart Ltd"], env)).code).toBe(0); // an audit entry to list
    const [help, wrong, audit, grants] = await Promise.all([
      steward(["--help"], env),
      steward(["frobnicate"], env),
      steward(["audit", "--json", "--limit", "1"], env),
      steward(["grant", "list", "--json"], env),
    ]);
    expect([help.code, help.stderr]).toEqual([0, ""]);
    expect(help.stdout).toMatch(/^Usage: steward/);
    expect([wrong.code, wrong.stdout]).toEqual([2, ""]);
    expect(wrong.stderr).toMatch(/^❌ steward has no command "frobnicate"\./);
    expect([audit.code, audit.stderr]).toEqual([0, ""]);
    expect(JSON.parse(audit.stdout)).toHaveLength(1);
    expect([grants.code, grants.stderr]).toEqual([0, ""]);
    expect(JSON.parse(grants.stdout)).toBeInstanceOf(Array);
  });

  it("leaves no process listener, exit code or warning behind, however often it runs in one process", async () => {
    const events = ["exit", "beforeExit", "SIGINT", "SIGTERM", "warning", "uncaughtException", "unhandledRejection"];
    const listeners = () => [
      ...events.map((event) => process.listenerCount(event)),
      process.stdout.listenerCount("error"),
      process.stderr.listenerCount("error"),
      process.stdin.listenerCount("data"),
    ];
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    const before = { listeners: listeners(), exitCode: process.exitCode };
    try {
      for (let i = 0; i < 12; i++) {
        expect((await steward(["audit", "--json", "--limit", "1"], env)).code).toBe(0);
        expect((await steward(["console", "--as", "loop@example.org"], env, "help\n")).code).toBe(0);
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect({ listeners: listeners(), exitCode: process.exitCode }).toEqual(before);
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("sets the exit code the shell sees: 0 done, 1 failed, 2 bad usage", async () => {
    const done = await stewardProcess(["migrate"], env);
    expect([done.code, done.stdout]).toEqual([0, `✅ Database ${locationOf(env)} is migrated.\n`]);
    const failed = await stewardProcess(["app", "add", "Orphan", "--org", "Nobody"], env);
    expect([failed.code, failed.stderr]).toEqual([1, expect.stringContaining('There is no organisation "Nobody"')]);
    const badUsage = await stewardProcess(["frobnicate"], env);
    expect([badUsage.code, badUsage.stderr]).toEqual([2, expect.stringMatching(/^usage: steward /m)]);
  });

  it("lists every configuration problem and exits 1", async () => {
    const result = await steward(["migrate"], {
      ...env,
      PORT: "-1",
      SLACK_BOT_TOKEN: "xoxb-1",
      SECRET_PROVIDER: "vault",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("The configuration has problems");
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/SECRET_PROVIDER/);
    expect(result.stderr).toMatch(/Slack is half configured/);
  });

  it("administers organisations, applications, grants and secrets end to end, with JSON where it prints data", async () => {
    expect((await steward(["migrate"], env)).stdout).toContain("is migrated");
    expect((await steward(["org", "add", "Partner NL", "--contact", "ops@partner-nl.org"], env)).code).toBe(0);
    const app = await steward(
      ["app", "add", "Partner-NL-Search", "--org", "Partner NL", "--client-id", "partner-nl-search-01"],
      env,
    );
    expect(app.stdout).toContain("clientId: partner-nl-search-01");
    expect((await steward(["app", "add", "Partner-NL-Search", "--org", "Partner NL"], env)).code).toBe(1);
    expect((await steward(["grant", "ann@partner-nl.org", "--org", "Partner NL", "--role", "manager"], env)).code).toBe(
      0,
    );
    expect((await steward(["admin", "add", "root@registry.org"], env)).stdout).toContain("is now an administrator");
    const timeBound = ["grant", "vic@partner-nl.org", "--app", "Partner-NL-Search", "--role", "viewer", "--for", "30d"];
    expect((await steward(timeBound, env)).stdout).toMatch(
      /is a viewer of application Partner-NL-Search until \d{4}-\d{2}-\d{2}/,
    );
    const grants = JSON.parse(
      (await steward(["grant", "list", "--app", "Partner-NL-Search", "--json"], env)).stdout,
    ) as {
      email: string;
      role: string;
      on: string;
      endsAt: string | null;
    }[];
    expect(grants.map((g) => [g.email, g.role, g.on, g.endsAt === null])).toEqual([
      ["ann@partner-nl.org", "manager", "organisation", true],
      ["vic@partner-nl.org", "viewer", "application", false],
    ]);

    const created = await steward(
      [
        "secret",
        "create",
        "--app",
        "partner-nl-search-01",
        "--as",
        "ann@partner-nl.org",
        "--name",
        "Prod",
        "--expires",
        "30d",
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const value = /│ (sst_\S+) │/.exec(created.stdout)?.[1];
    expect(value).toMatch(/^sst_/);

    const listed = await steward(["secret", "list", "--app", "Partner-NL-Search", "--json"], env);
    const parsed = JSON.parse(listed.stdout) as {
      clientId: string;
      secrets: { hint: string; displayName: string; createdBy: string }[];
    };
    expect(parsed.clientId).toBe("partner-nl-search-01");
    expect(parsed.secrets).toMatchObject([
      { hint: value!.slice(0, 7), displayName: "Prod", createdBy: "ann@partner-nl.org" },
    ]);
    expect(listed.stdout).not.toContain(value!);

    const asAdmin = await steward(["secret", "create", "--app", "Partner-NL-Search", "--as", "root@registry.org"], env);
    expect(asAdmin.code).toBe(1);
    expect(asAdmin.stderr).toContain("only its credential managers can change its secrets");

    const deleted = await steward(
      [
        "secret",
        "delete",
        "--app",
        "Partner-NL-Search",
        "--secret",
        value!.slice(0, 7),
        "--as",
        "ann@partner-nl.org",
        "--yes",
      ],
      env,
    );
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toMatch(/✅ Deleted secret/);

    const audit = await steward(["audit", "--app", "Partner-NL-Search", "--json"], env);
    const actions = (JSON.parse(audit.stdout) as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual([
      "secret.deleted",
      "secret.created",
      "grant.added",
      "grant.added",
      "application.added",
      "contact.added",
      "organisation.added",
    ]);
    expect(audit.stdout).not.toContain(value!);

    expect((await steward(["revoke", "ann@partner-nl.org", "--org", "Partner NL"], env)).stdout).toContain(
      "no longer has access",
    );
  });

  it("migrates a fresh database and says which one", async () => {
    const freshDir = tempDir();
    const fresh = await testDatabase(freshDir, { isEmpty: true });
    try {
      const freshEnv = { ...fresh.env, STEWARD_PEPPER: TEST_PEPPER };
      const migrated = await steward(["migrate"], freshEnv);
      expect(migrated.code, migrated.stderr).toBe(0);
      expect(migrated.stdout.trim()).toBe(`✅ Database ${locationOf(freshEnv)} is migrated.`);
      expect((await steward(["org", "add", "Fresh"], freshEnv)).code).toBe(0);
      expect((await steward(["migrate"], freshEnv)).stdout.trim()).toBe(
        `✅ Database ${locationOf(freshEnv)} is migrated.`,
      );
    } finally {
      await fresh.drop();
      rmSync(freshDir, { recursive: true, force: true });
    }
  });

  it.skipIf(isPostgres)("backs up the database online into a new file that opens with the same data", async () => {
    expect((await steward(["org", "add", "Partner NL"], env)).code).toBe(0);
    const target = join(dir, "backup.db");
    const result = await steward(["backup", target], env);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(target)).toBe(true);
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare("select name from organisations").pluck().all()).toContain("Partner NL");
    copy.close();
    expect((await steward(["backup", target], env)).code).toBe(1);
  });

  it.runIf(isPostgres)("refuses to back up PostgreSQL, names the server and points to pg_dump", async () => {
    const target = join(dir, "backup.db");
    const result = await steward(["backup", target], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `❌ steward backup copies the SQLite file; this bot uses ${locationOf(env)}. Back it up with pg_dump (see "Running several replicas" in README.md).`,
    );
    expect(existsSync(target)).toBe(false);
  });
});
