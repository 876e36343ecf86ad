import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FakeApplication, FakeCredential } from "../../../fakes/fake-entra-directory.js";
import { FakeGraph } from "../../../fakes/fake-graph.js";
import { FixedClock } from "../../../fakes/fixed-clock.js";
import { steward } from "../../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../../helpers/config.js";
import { type TestDatabase, testDatabase } from "../../../helpers/database.js";

const HOUR = 3_600_000;
const APP = "Partner-NL-Search";
const hoursFromNow = (h: number) => new Date(Date.now() + h * HOUR);

type Rotation = {
  state: string;
  newer: { hint: string; firstUsedAt: string | null };
  older: { hint: string; lastUsedAt: string | null }[];
};
type Listing = {
  secrets: { keyId: string; firstUsedAt: string | null; lastUsedAt: string | null; usageKnown: boolean }[];
};

describe("evidence of use from Entra's sign-in activity report", () => {
  let graph: FakeGraph;
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  let search: FakeApplication;
  let older: FakeCredential;
  let newer: FakeCredential;

  const cli = async (...args: string[]) => {
    const result = await steward(args, env);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };
  const rotationAt = async (at: Date): Promise<Rotation> =>
    (JSON.parse(await cli("rotation", "list", "--now", at.toISOString(), "--json")) as { rotations: Rotation[] })
      .rotations[0] as Rotation;

  beforeEach(async () => {
    graph = await FakeGraph.start(new FixedClock());
    dir = tempDir();
    database = await testDatabase(dir);
    env = { ...graph.env(), ...database.env, STEWARD_PEPPER: TEST_PEPPER };
    await cli("org", "add", "Partner NL");
    search = graph.addApplication(APP);
    const end = hoursFromNow(5000);
    older = graph.directory.addCredential(search, { displayName: "Old", start: hoursFromNow(-900), end });
    await cli("entra", "import", "--org", "Partner NL", "--filter", "startswith(displayName,'Partner-NL-')");
    // A newer secret added in the Entra portal: the sync finds it and follows the rotation it starts.
    newer = graph.directory.addCredential(search, { displayName: "New", start: hoursFromNow(-2), end });
  });
  afterEach(async () => {
    await graph.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads each credential's last sign-in by key id, page by page, through throttling, and follows the rotation", async () => {
    graph.directory.signIns.set(older.keyId, hoursFromNow(-30));
    graph.directory.signIns.set(newer.keyId, hoursFromNow(-1));
    graph.pageSize = 1;
    graph.signInReportScript.push({ status: 429, headers: { "retry-after": "0" }, body: {} });

    const synced = await cli("entra", "sync");
    expect(synced).toContain("found (created outside the bot)");
    expect(synced).not.toContain("unknown");
    const reads = graph.signInReportRequests();
    expect(reads.map((r) => [r.method, r.query.$filter])).toEqual([
      ["GET", `appId eq '${search.appId}'`], // answered 429, then again
      ["GET", `appId eq '${search.appId}'`],
      ["GET", `appId eq '${search.appId}'`], // the second page
    ]);
    expect(reads.every((r) => r.authorization?.startsWith("Bearer "))).toBe(true);

    const rotation = await rotationAt(hoursFromNow(0));
    expect(rotation).toMatchObject({ state: "switching", newer: { hint: newer.hint }, older: [{ hint: older.hint }] });
    expect(Date.parse(rotation.older[0]?.lastUsedAt ?? "")).toBeCloseTo(hoursFromNow(-30).getTime(), -4);
    expect((await rotationAt(hoursFromNow(24))).state).toBe("idle");

    const listing = JSON.parse(await cli("secret", "list", "--app", APP, "--json")) as Listing;
    expect(listing.secrets.map((s) => s.usageKnown)).toEqual([true, true]);
  });

  it("says once per sync that usage is unknown without AuditLog.Read.All, and goes on with everything else", async () => {
    graph.mayReadSignIns = false;
    graph.directory.signIns.set(older.keyId, hoursFromNow(-30));
    const synced = await cli("entra", "sync");
    expect(synced).toContain("found (created outside the bot)"); // the sync itself still happened
    expect(synced).toContain("reading sign-in activity needs the AuditLog.Read.All application permission");
    expect((await rotationAt(hoursFromNow(100))).state).toBe("unknown");
    const listing = JSON.parse(await cli("secret", "list", "--app", APP, "--json")) as Listing;
    expect(listing.secrets.map((s) => [s.usageKnown, s.lastUsedAt])).toEqual([
      [false, null],
      [false, null],
    ]);

    // Granted later: the next sync reads it.
    graph.mayReadSignIns = true;
    expect(await cli("entra", "sync")).not.toContain("AuditLog.Read.All");
    expect((await rotationAt(hoursFromNow(0))).state).toBe("waiting");
  });

  it("leaves usage unknown, and nothing else broken, while the report keeps failing", async () => {
    for (let i = 0; i < 10; i++)
      graph.signInReportScript.push({ status: 503, headers: { "retry-after": "0" }, body: {} });
    const synced = await cli("entra", "sync");
    expect(synced).toContain("found (created outside the bot)");
    expect(synced).toContain("could not be read just now");
    expect((await rotationAt(hoursFromNow(100))).state).toBe("unknown");
  });
});
