import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeOkta, OKTA_TOKEN } from "../../../fakes/fake-okta.js";
import { FixedClock } from "../../../fakes/fixed-clock.js";
import { steward } from "../../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../../helpers/config.js";
import { type TestDatabase, testDatabase } from "../../../helpers/database.js";

describe("steward okta, as a process", () => {
  let okta: FakeOkta;
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeEach(async () => {
    // Okta's clock an hour behind the CLI's: what is made there is past the sync's two-minute grace.
    okta = await FakeOkta.start(new FixedClock(new Date(Date.now() - 3_600_000)));
    dir = tempDir();
    database = await testDatabase(dir);
    env = { ...okta.env(), ...database.env, STEWARD_PEPPER: TEST_PEPPER };
    expect((await steward(["org", "add", "Partner NL"], env)).code).toBe(0);
  });
  afterEach(async () => {
    await okta.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("checks the bot's token with Okta on a sync with nothing imported, and says so, or why not", async () => {
    const synced = await steward(["okta", "sync"], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toContain("✅ Synced 0 applications: everything was up to date.");
    expect(synced.stdout).toContain("Okta accepted the bot's credentials.");
    expect(okta.requests.map((r) => [r.method, r.path])).toEqual([["GET", "/api/v1/apps"]]);

    const refused = await steward(["okta", "sync"], { ...env, OKTA_API_TOKEN: "00wrong-token" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Okta refused the bot's own credentials");
    expect(refused.stdout).not.toContain("accepted");
  });

  it("imports the apps Okta's filter matches and syncs a secret generated in the Okta console", async () => {
    const app = okta.org.addApp("Partner NL Search");
    okta.org.addApp("Retired", { status: "INACTIVE" });
    const imported = await steward(["okta", "import", "--org", "Partner NL", "--filter", 'status eq "ACTIVE"'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`added Partner-NL-Search ${app.id} with 0 existing secrets`);
    const made = okta.org.addSecret(app);
    const synced = await steward(["okta", "sync", "--json"], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ applications: 1, added: [{ keyId: made.id }] });
    const bad = await steward(["okta", "import", "--org", "Partner NL", "--filter", "label sw x"], env);
    // A filter Okta refuses is bad input: exit 2, the reason, then the usage line.
    expect([bad.code, ...bad.stderr.trim().split("\n").slice(-2)]).toEqual([
      2,
      '❌ The filter "label sw x" was not accepted. Use an Okta apps filter such as status eq "ACTIVE" or name eq "oidc_client".',
      "usage: steward okta import [options]   (steward okta import --help for more)",
    ]);
    const blank = await steward(["okta", "import", "--org", " ", "--filter", "  "], env);
    expect([blank.code, ...blank.stderr.trim().split("\n").slice(-2)]).toEqual([
      2,
      "❌ Say which organisation to import into.",
      "usage: steward okta import [options]   (steward okta import --help for more)",
    ]);
    const blankFilter = await steward(["okta", "import", "--org", "Partner NL", "--filter", "  "], env);
    expect(blankFilter.stderr).toContain(
      "❌ The filter is empty: give one, or leave out --filter to import every application.",
    );
    const output = imported.stdout + imported.stderr + synced.stdout + synced.stderr;
    for (const value of [...okta.org.secretValues, OKTA_TOKEN]) expect(output).not.toContain(value);
  });
});
