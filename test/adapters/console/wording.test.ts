import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../helpers/config.js";
import { type TestDatabase, testDatabase } from "../../helpers/database.js";

const ROOT = "root@registry.org";
const APP = "Partner-NL-Search";

describe("the console's wording for administrators and managers", () => {
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeEach(async () => {
    dir = tempDir();
    database = await testDatabase(dir);
    env = { ...database.env, STEWARD_PEPPER: TEST_PEPPER, ADMIN_EMAILS: ROOT, SECRET_MAX_ACTIVE: "1" };
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const lines = (...commands: string[]) => `${commands.join("\n")}\n`;

  it("never tells an administrator to ask an administrator", async () => {
    const empty = await steward(["console", "--as", ROOT], env, lines("audit"));
    expect(empty.stdout).toContain("No audit entries yet.");
    expect(empty.stdout).not.toContain("for everything");
    expect((await steward(["org", "add", "Partner NL"], env)).code).toBe(0);
    expect((await steward(["app", "add", APP, "--org", "Partner NL"], env)).code).toBe(0);

    const admin = await steward(
      ["console", "--as", ROOT],
      env,
      lines(`show ${APP}`, `create ${APP}`, "audit Nope-App"),
    );
    expect(admin.stdout).toContain(`Credential managers: none ⚠️ — name at least 2 with grant <email> ${APP} manager`);
    expect(admin.stdout).toContain(
      `❌ You are an administrator of ${APP}; only its credential managers can change its secrets. It has none: name one with grant <email> ${APP} manager.`,
    );
    expect(admin.stdout).toContain('❌ There is no application "Nope-App". Type list to see them all.');
    expect(admin.stdout).not.toMatch(/ask an administrator/i);

    // Anyone else is still told whom to ask.
    const viewer = await steward(["grant", "vic@partner-nl.org", "--app", APP, "--role", "viewer"], env);
    expect(viewer.code).toBe(0);
    const vic = await steward(["console", "--as", "vic@partner-nl.org"], env, lines(`show ${APP}`, `create ${APP}`));
    expect(vic.stdout).toContain("Credential managers: none ⚠️ — ask an administrator to name at least 2");
    expect(vic.stdout).toContain("Ask an administrator to name a credential manager.");
  });

  it("echoes at most a short cut of long input", async () => {
    const long = "x".repeat(500);
    const run = await steward(
      ["console", "--as", ROOT],
      env,
      lines(`show ${long}`, long, `expiring ${long}`, `grant a@b.org ${long} viewer`),
    );
    const answers = run.stdout.split("\n").filter((line) => line.startsWith("❌"));
    expect(answers).toHaveLength(4);
    for (const answer of answers) {
      expect(answer).toContain(`${"x".repeat(39)}…`);
      expect(answer).not.toContain("x".repeat(41));
    }
  });

  // The console shows `code` as plain text: the backticks of chat are not in its lines.
  it("says a changed grant is now in force until its end, and keeps the application's name case in the hint", async () => {
    expect((await steward(["org", "add", "Partner NL"], env)).code).toBe(0);
    expect((await steward(["app", "add", APP, "--org", "Partner NL"], env)).code).toBe(0);
    const admin = await steward(
      ["console", "--as", ROOT],
      env,
      lines(`grant ann@partner-nl.org ${APP} viewer`, `grant ann@partner-nl.org ${APP} manager --for 7d`),
    );
    expect(admin.stdout).toMatch(
      new RegExp(
        `✅ ann@partner-nl\\.org is now a credential manager of application ${APP} until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\.`,
      ),
    );
    expect(admin.stdout).not.toContain("UTC now");

    const ann = await steward(["console", "--as", "ann@partner-nl.org"], env, lines(`create ${APP}`, `create ${APP}`));
    expect(ann.stdout).toContain(
      `❌ ${APP} already has 1 unexpired secrets, the most allowed. Delete one you no longer use (type show ${APP} to see them), then try again.`,
    );
  });
});
