import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeKeycloak, KC_BOT_SECRET } from "../../../fakes/fake-keycloak.js";
import { FixedClock } from "../../../fakes/fixed-clock.js";
import { steward } from "../../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../../helpers/config.js";
import { type TestDatabase, testDatabase } from "../../../helpers/database.js";

type Listing = { secrets: { keyId: string; hint: string; displayName: string; isExternal: boolean }[] };

describe("steward keycloak, as a process", () => {
  let kc: FakeKeycloak;
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeEach(async () => {
    // Keycloak's clock an hour behind the CLI's: what it regenerates is past the sync's two-minute grace.
    kc = await FakeKeycloak.start(new FixedClock(new Date(Date.now() - 3_600_000)));
    dir = tempDir();
    database = await testDatabase(dir);
    env = { ...kc.env(), ...database.env, STEWARD_PEPPER: TEST_PEPPER };
    expect((await steward(["org", "add", "Partner NL"], env)).code).toBe(0);
  });
  afterEach(async () => {
    await kc.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("checks the bot's service account with Keycloak on a sync with nothing imported, and says so, or why not", async () => {
    const synced = await steward(["keycloak", "sync"], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toContain("Keycloak accepted the bot's credentials.");
    expect(kc.requests.some((r) => r.method === "GET" && r.path.endsWith("/clients"))).toBe(true);
    const refused = await steward(["keycloak", "sync"], { ...env, KEYCLOAK_CLIENT_SECRET: "wrong" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Keycloak refused the bot's own credentials");
  });

  it("imports the clients a prefix matches, syncs a secret regenerated in the admin console, and never prints a value", async () => {
    const client = kc.realm.addClient("partner-nl-search");
    kc.realm.addClient("partner-be-search");
    const imported = await steward(["keycloak", "import", "--org", "Partner NL", "--filter", "partner-nl-"], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("✅ Imported 1 application into Partner NL, skipped 0.");
    expect(imported.stdout).toContain("added partner-nl-search partner-nl-search with 1 existing secret");

    const first = client.secret;
    kc.realm.regenerate(client);
    const synced = await steward(["keycloak", "sync", "--json"], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ applications: 1, added: [{ hint: client.secret.slice(0, 3) }] });
    const listed = JSON.parse((await steward(["secret", "list", "--app", "partner-nl-search", "--json"], env)).stdout);
    expect((listed as Listing).secrets.map((s) => s.hint).sort()).toEqual(
      [first.slice(0, 3), client.secret.slice(0, 3)].sort(),
    );
    const output = imported.stdout + imported.stderr + synced.stdout + synced.stderr;
    for (const value of [...kc.realm.secretValues, KC_BOT_SECRET]) expect(output).not.toContain(value);
  });

  it("exits 1 with the outage message when Keycloak is down, and refuses to run against another provider", async () => {
    kc.realm.addClient("partner-nl-search");
    expect((await steward(["keycloak", "import", "--org", "Partner NL"], env)).code).toBe(0);
    kc.isDown = true;
    const down = await steward(["keycloak", "sync"], env);
    expect([down.code, down.stderr.trim().split("\n").at(-1)]).toEqual([
      1,
      "❌ Keycloak is not answering; nothing was changed. Try again in a minute.",
    ]);
    const elsewhere = await steward(["okta", "sync"], env);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain("steward okta needs SECRET_PROVIDER=okta (it is keycloak).");
    const usage = await steward(["keycloak", "import"], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^usage: steward keycloak import /m);
  });
});
