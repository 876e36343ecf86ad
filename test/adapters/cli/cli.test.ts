import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { steward } from "../../helpers/cli.js";
import { isPostgres, type TestDatabase, testDatabase } from "../../helpers/database.js";
import { TEST_PEPPER, tempDir } from "../../helpers/runtime.js";

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
  beforeAll(async () => {
    dir = tempDir();
    database = await testDatabase(dir);
    env = { ...database.env, STEWARD_PEPPER: TEST_PEPPER };
  });
  afterAll(async () => {
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

  it("exits 2 with a one-line reason and the usage on bad usage", async () => {
    const cases = [
      [["frobnicate"], /unknown command 'frobnicate'/],
      [["app", "add", "X"], /required option '--org <organisation>' not specified/],
      [["grant", "a@b.org", "--role", "manager"], /exactly one of --app <app> or --org <organisation>/],
      [["grant", "a@b.org", "--app", "X", "--role", "owner"], /--role must be manager or viewer/],
      [["secret", "delete", "--app", "X", "--secret", "sst_abc", "--as", "a@b.org"], /add --yes to confirm/],
      [["audit", "--since", "last tuesday"], /--since must be an ISO date-time/],
      [
        ["grant", "a@b.org", "--app", "X", "--role", "viewer", "--for", "400d"],
        /"400d" is not a grant length. Give a number of days from 1 to 365/,
      ],
      [["grant", "list", "--app", "X", "--org", "Y"], /at most one of --app <app> or --org <organisation>/],
    ] as const;
    for (const [args, reason] of cases) {
      const result = await steward([...args], env);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toMatch(reason);
      expect(result.stderr, args.join(" ")).toMatch(/^usage: steward /m);
    }
  });

  it("exits 1 with a clear message when the work fails", async () => {
    const missing = await steward(["app", "add", "Orphan", "--org", "Nobody"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      '❌ There is no organisation "Nobody". Check the name, or add it with `steward org add`.',
    );
    const notManager = await steward(["secret", "create", "--app", "Nothing", "--as", "x@y.org"], env);
    expect(notManager.code).toBe(1);
    expect(notManager.stderr).toMatch(/I can't find an application "Nothing" that you have access to/);
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
    const target = join(dir, "backup.db");
    const result = await steward(["backup", target], env);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(target)).toBe(true);
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare("select name from organisations").pluck().all()).toEqual(["Partner NL"]);
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
