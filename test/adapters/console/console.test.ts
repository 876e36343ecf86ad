import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, cliEnv, steward } from "../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../helpers/config.js";
import { type TestDatabase, testDatabase } from "../../helpers/database.js";

describe("the console", () => {
  const made: { dir: string; database: TestDatabase }[] = [];
  afterEach(async () => {
    for (const { dir, database } of made.splice(0)) {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The environment of a CLI run on a fresh database of its own. */
  async function freshEnv(extra: Record<string, string> = {}): Promise<Record<string, string>> {
    const dir = tempDir();
    const database = await testDatabase(dir);
    made.push({ dir, database });
    return { ...database.env, STEWARD_PEPPER: TEST_PEPPER, ...extra };
  }

  it("offers a demo on an empty database and runs scripted commands from stdin, confirmations included", async () => {
    const env = await freshEnv();
    const first = await steward(
      ["console", "--as", "newcomer@example.org"],
      env,
      [
        "demo",
        "list",
        "show Demo-Search",
        'create Demo-Search --name "Console key" --expires 60d',
        "expiring",
        "lsit",
        "alerts off Demo-Registry",
        "",
      ].join("\n"),
    );
    // Two lines failed (lsit, alerts off): a script learns it from the exit code.
    expect([first.code, first.stderr]).toEqual([1, "❌ 2 commands of 7 failed (see the ❌ lines above).\n"]);
    const out = first.stdout;
    expect(out).toContain("The database is empty: type `demo`");
    expect(out).toContain(
      "✅ Created Demo-Registry with Demo-Search and Demo-Matching; you manage both, and you are an administrator.",
    );
    expect(out).toMatch(/Your applications \(2\)/);
    expect(out).toMatch(/Old demo secret[\s\S]*⚠️ expires in 10 days/);
    const value = /│ (sst_\S+) │/.exec(out)?.[1];
    expect(value).toMatch(/^sst_[0-9A-Za-z]{49}$/);
    expect(out.split(value!).length - 1).toBe(1);
    expect(out).toContain("Secrets expiring within 30 days");
    expect(out).toContain("❌ I don't know the command lsit. Did you mean list?");
    expect(out).toContain(
      "❌ alerts off works in a Slack or Teams channel: type it in the channel that should stop getting the alerts.",
    );
    expect(first.stderr).not.toContain(value!);
    const oldKeyId = /Old demo secret\n.*Key id: ([0-9a-f-]{36})/.exec(out)?.[1];
    expect(oldKeyId).toBeDefined();

    const second = await steward(
      ["console", "--as", "newcomer@example.org"],
      env,
      // The hint as `show` prints it, ellipsis and all.
      [
        `delete Demo-Search ${value!.slice(0, 7)}…`,
        "y",
        "show Demo-Search",
        `delete Demo-Search ${oldKeyId}`,
        "n",
      ].join("\n"),
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).not.toContain("The database is empty");
    expect(second.stdout).toMatch(/⏳ Delete secret sst_\w{3}… \(Console key\) of Demo-Search\?/);
    expect(second.stdout).toMatch(/✅ Deleted secret sst_\w{3}… \(Console key\) of Demo-Search\./);
    expect(second.stdout).toContain("Cancelled; nothing was deleted.");
  });

  it("makes the demo's person an administrator of the demo, so grant, audit and requests can be tried at once", async () => {
    const env = await freshEnv();
    const r = await steward(
      ["console", "--as", "newcomer@example.org"],
      env,
      ["demo", "grant bob@example.org Demo-Search viewer", "audit", "requests", ""].join("\n"),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("✅ bob@example.org is a viewer of application Demo-Search.");
    expect(r.stdout).toMatch(/grant\.added/);
    expect(r.stdout).toContain("No open access requests for you to decide.");
    expect(r.stdout).not.toMatch(/❌|administrators only/);
    const again = await steward(["console", "--as", "newcomer@example.org"], env, "");
    expect(again.stdout).toContain("you are newcomer@example.org (administrator)");
  });

  it("answers a person without grants with whom to ask, and refuses the demo on a database in use", async () => {
    const env = await freshEnv({ ADMIN_EMAILS: "root@registry.org" });
    expect((await steward(["org", "add", "Partner NL"], env)).code).toBe(0);
    const result = await steward(["console", "--as", "sam@elsewhere.org"], env, "demo\nlist\nshow Anything\n");
    expect(result.stdout).toContain("❌ The demo is only offered on an empty database.");
    expect(result.stdout).toContain(
      "You have no applications yet. For access, ask an administrator (root@registry.org).",
    );
    expect(result.stdout).toContain('I can\'t find an application "Anything" that you have access to.');
  });

  it("refuses an e-mail that is not one, as bad usage", async () => {
    const result = await steward(["console", "--as", "not an email"], await freshEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^❌ "not an email" is not an e-mail address\. Use the form name@example\.org\.$/m);
    expect(result.stderr).toMatch(/^usage: steward console/m);
  });

  it("ends quietly when whoever reads its output stops reading (steward console | head -2)", async () => {
    const env = await freshEnv();
    const child = spawn(process.execPath, [BIN, "console", "--as", "reader@example.org"], { env: cliEnv(env) });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdin.on("error", () => {});
    child.stdin.end("help\n".repeat(2000));
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(stderr).toBe("");
  });
});
