import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../helpers/config.js";
import { type TestDatabase, testDatabase } from "../../helpers/database.js";

describe("steward org|app|admin list, admin remove, and --json", () => {
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = tempDir();
    database = await testDatabase(dir);
    env = { ...database.env, STEWARD_PEPPER: TEST_PEPPER, ADMIN_EMAILS: "root@registry.org" };
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ok = async (args: string[]) => {
    const result = await steward(args, env);
    expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    return result;
  };

  it("lists organisations and applications, as text and as JSON", async () => {
    expect((await ok(["org", "list"])).stdout).toBe('No organisations yet. Add one with `steward org add "<name>"`.\n');
    await ok(["org", "add", "Partner NL", "--contact", "ops@partner-nl.org"]);
    await ok(["org", "add", "Partner BE"]);
    const added = JSON.parse(
      (await ok(["app", "add", "Partner-NL-Search", "--org", "Partner NL", "--api", "search", "--json"])).stdout,
    );
    expect((await ok(["org", "list"])).stdout).toBe(
      "• Partner BE · 0 applications\n• Partner NL · 1 application · contacts ops@partner-nl.org\n",
    );
    expect(JSON.parse((await ok(["org", "list", "--json"])).stdout)).toEqual([
      { name: "Partner BE", contacts: [], applications: 0, createdAt: expect.any(String) },
      { name: "Partner NL", contacts: ["ops@partner-nl.org"], applications: 1, createdAt: expect.any(String) },
    ]);
    expect((await ok(["app", "list"])).stdout).toBe(
      `• Partner-NL-Search · Partner NL · clientId ${added.clientId} · search · 0 unexpired secrets · no unexpired secret\n`,
    );
    expect(JSON.parse((await ok(["app", "list", "--json"])).stdout)).toEqual([
      {
        name: "Partner-NL-Search",
        organisation: "Partner NL",
        clientId: added.clientId,
        apis: ["search"],
        provider: "builtin",
        activeSecrets: 0,
        nearestExpiry: null,
      },
    ]);
    expect((await ok(["app", "list", "--org", "Partner BE"])).stdout).toBe(
      "No applications in Partner BE yet. Add one with `steward app add <name> --org <organisation>`.\n",
    );
  });

  it("lists administrators from ADMIN_EMAILS and the database, and removes one added with admin add", async () => {
    await ok(["admin", "add", "Olga@Registry.org"]);
    expect((await ok(["admin", "list"])).stdout).toMatch(
      /^• olga@registry\.org · added by operator:\S+ on \d{4}-\d\d-\d\d\n• root@registry\.org · from ADMIN_EMAILS\n$/,
    );
    expect(JSON.parse((await ok(["admin", "list", "--json"])).stdout)).toEqual([
      {
        email: "olga@registry.org",
        source: "added",
        addedBy: expect.stringMatching(/^operator:/),
        addedAt: expect.any(String),
      },
      { email: "root@registry.org", source: "ADMIN_EMAILS", addedBy: null, addedAt: null },
    ]);
    expect((await ok(["admin", "remove", "olga@registry.org"])).stdout).toBe(
      "✅ olga@registry.org is no longer an administrator.\n",
    );
    expect(JSON.parse((await ok(["admin", "remove", "olga@registry.org", "--json"])).stdout)).toEqual({
      email: "olga@registry.org",
      isRemoved: false,
    });
    const listed = await steward(["admin", "remove", "root@registry.org"], env);
    expect([listed.code, listed.stderr]).toEqual([
      1,
      "❌ root@registry.org is an administrator through ADMIN_EMAILS: take it out of ADMIN_EMAILS and restart to end that.\n",
    ]);
    const audit = JSON.parse((await ok(["audit", "--json"])).stdout) as { action: string; target: string }[];
    expect(audit.filter((e) => e.action.startsWith("administrator.")).map((e) => [e.action, e.target])).toEqual([
      ["administrator.removed", "olga@registry.org"],
      ["administrator.added", "olga@registry.org"],
    ]);
  });

  it("prints grant, revoke and secret delete as JSON, and a failure under --json as JSON on stdout", async () => {
    await ok(["org", "add", "Partner NL"]);
    await ok(["app", "add", "Partner-NL-Search", "--org", "Partner NL"]);
    const granted = JSON.parse(
      (await ok(["grant", "ann@partner-nl.org", "--app", "Partner-NL-Search", "--role", "manager", "--json"])).stdout,
    );
    expect(granted).toEqual({
      email: "ann@partner-nl.org",
      role: "manager",
      on: "application",
      target: "Partner-NL-Search",
      endsAt: null,
      change: "added",
    });
    const created = JSON.parse(
      (await ok(["secret", "create", "--app", "Partner-NL-Search", "--as", "ann@partner-nl.org", "--json"])).stdout,
    );
    const deleted = await ok([
      "secret",
      "delete",
      "--app",
      "Partner-NL-Search",
      "--secret",
      created.keyId,
      "--as",
      "ann@partner-nl.org",
      "--yes",
      "--json",
    ]);
    expect(JSON.parse(deleted.stdout)).toEqual({
      application: "Partner-NL-Search",
      isDeleted: true,
      secret: { keyId: created.keyId, hint: created.hint, displayName: created.displayName },
    });
    expect(deleted.stdout).not.toContain(created.value);
    const revoked = await ok(["revoke", "ann@partner-nl.org", "--app", "Partner-NL-Search", "--json"]);
    expect(JSON.parse(revoked.stdout)).toEqual({
      email: "ann@partner-nl.org",
      on: "application",
      target: "Partner-NL-Search",
      isRevoked: true,
    });

    const missing = await steward(["revoke", "ann@partner-nl.org", "--org", "Nope", "--json"], env);
    expect([missing.code, missing.stderr, JSON.parse(missing.stdout)]).toEqual([
      1,
      "",
      {
        error: {
          code: "NOT_FOUND",
          message: 'There is no organisation "Nope". Check the name with `steward org list`.',
          exitCode: 1,
        },
      },
    ]);
    const usage = await steward(["grant", "ann@partner-nl.org", "--role", "owner", "--app", "X", "--json"], env);
    expect([usage.code, JSON.parse(usage.stdout)]).toEqual([
      2,
      {
        error: {
          code: "USAGE",
          message: '--role is manager or viewer, not "owner".',
          exitCode: 2,
          usage: "steward grant [options] [command] <email>   (steward grant --help for more)",
        },
      },
    ]);
  });

  it("names the command group of an unknown command, and cuts long input it echoes", async () => {
    const unknown = await steward(["org", "lsit"], env);
    expect([unknown.code, unknown.stderr.split("\n")[0]]).toEqual([
      2,
      '❌ steward org has no command "lsit". Did you mean list? See steward org --help for the commands.',
    ]);
    const long = "x".repeat(500);
    for (const args of [
      ["revoke", "a@b.org", "--org", long],
      ["grant", "a@b.org", "--app", long, "--role", "viewer"],
      ["audit", "--app", long],
      ["grant", "a@b.org", "--app", "X", "--role", long],
    ]) {
      const result = await steward(args, env);
      expect(result.stderr, args.slice(0, 3).join(" ")).toContain(`"${"x".repeat(39)}…"`);
      expect(result.stderr).not.toContain("x".repeat(41));
    }
  });
});
