import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGraph } from "../../../fakes/fake-graph.js";
import { FixedClock } from "../../../fakes/fixed-clock.js";
import { BIN, cliEnv, steward } from "../../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../../helpers/config.js";
import { type TestDatabase, testDatabase } from "../../../helpers/database.js";
import { freePort } from "../../../helpers/http.js";
import { waitForOutput } from "../../../helpers/process.js";

const PARTNERS = "startswith(displayName,'Partner-NL-')";
const HOUR = 3_600_000;

type SecretListing = { secrets: { keyId: string; displayName: string; isExternal: boolean }[] };

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  return exited;
}

describe("steward entra, as a process", () => {
  let graph: FakeGraph;
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;
  beforeEach(async () => {
    graph = await FakeGraph.start(new FixedClock());
    dir = tempDir();
    database = await testDatabase(dir);
    env = { ...graph.env(), ...database.env, STEWARD_PEPPER: TEST_PEPPER };
    expect((await steward(["org", "add", "Partner NL"], env)).code).toBe(0);
  });
  afterEach(async () => {
    await graph.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("checks the bot's credentials with Graph on a sync with nothing imported, and says so, or why not", async () => {
    const synced = await steward(["entra", "sync"], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toContain("Microsoft Entra accepted the bot's credentials.");
    expect(graph.graphRequests().map((r) => [r.method, r.path])).toEqual([["GET", "/v1.0/applications"]]);
    const refused = await steward(["entra", "sync"], { ...env, ENTRA_CLIENT_SECRET: "wrong" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Microsoft Entra refused the bot's own credentials");
  });

  it("imports the app registrations a filter matches and says what it added and skipped", async () => {
    const search = graph.addApplication("Partner-NL-Search");
    const start = new Date(Date.now() - HOUR);
    graph.directory.addCredential(search, { displayName: "Portal", start, end: new Date(Date.now() + 100 * HOUR) });
    graph.addApplication("Other-Org");

    const first = await steward(["entra", "import", "--org", "Partner NL", "--filter", PARTNERS], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("✅ Imported 1 application into Partner NL, skipped 0.");
    expect(first.stdout).toContain(`added Partner-NL-Search ${search.appId} with 1 existing secret`);
    expect(graph.graphRequests().map((r) => r.query)).toEqual([
      { $filter: PARTNERS, $select: "id,appId,displayName,passwordCredentials,keyCredentials" },
    ]);

    const again = await steward(["entra", "import", "--org", "Partner NL", "--filter", PARTNERS, "--json"], env);
    expect(JSON.parse(again.stdout)).toEqual({
      organisation: "Partner NL",
      added: [],
      skipped: [{ name: "Partner-NL-Search", clientId: search.appId, reason: "registered" }],
    });
    const listed = JSON.parse((await steward(["secret", "list", "--app", search.appId, "--json"], env)).stdout);
    expect((listed as SecretListing).secrets).toMatchObject([{ displayName: "Portal", isExternal: true }]);
  });

  it("syncs a secret added and one removed outside the bot, so secret list is truthful", async () => {
    const search = graph.addApplication("Partner-NL-Search");
    const start = new Date(Date.now() - HOUR);
    const end = new Date(Date.now() + 100 * HOUR);
    const old = graph.directory.addCredential(search, { displayName: "Old", start, end });
    expect((await steward(["entra", "import", "--org", "Partner NL"], env)).code).toBe(0);
    graph.directory.removePassword(search, old.keyId);
    const added = graph.directory.addCredential(search, { displayName: "By script", start, end });

    const synced = await steward(["entra", "sync", "--json"], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({
      applications: 1,
      added: [{ keyId: added.keyId, displayName: "By script" }],
      removed: [{ keyId: old.keyId, displayName: "Old" }],
      missing: [],
    });
    const listed = JSON.parse((await steward(["secret", "list", "--app", "Partner-NL-Search", "--json"], env)).stdout);
    expect((listed as SecretListing).secrets.map((s) => s.keyId)).toEqual([added.keyId]);
    const text = await steward(["entra", "sync"], env);
    expect(text.stdout).toContain("✅ Synced 1 application: everything was up to date.");
  });

  it("exits 1 with the outage message when Graph is down, and 2 with the usage when --org is missing", async () => {
    graph.addApplication("Partner-NL-Search");
    expect((await steward(["entra", "import", "--org", "Partner NL"], env)).code).toBe(0);
    graph.isDown = true;
    for (const args of [
      ["entra", "sync"],
      ["entra", "import", "--org", "Partner NL"],
    ]) {
      const down = await steward(args, env);
      expect([down.code, down.stderr.trim().split("\n").at(-1)]).toEqual([
        1,
        "❌ Microsoft Entra is not answering; nothing was changed. Try again in a minute.",
      ]);
    }
    const usage = await steward(["entra", "import"], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^❌ --org <organisation> is required\.$/m);
    expect(usage.stderr).toMatch(/^usage: steward entra import /m);
    const help = await steward(["entra", "--help"], env);
    expect(help.stdout).toMatch(/import \[options\][\s\S]*sync \[options\]/);
  });

  it("exits 1 saying what is needed when the provider is the built-in one", async () => {
    const builtin = { ...database.env, STEWARD_PEPPER: TEST_PEPPER };
    const result = await steward(["entra", "import", "--org", "Partner NL"], builtin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("steward entra needs SECRET_PROVIDER=entra (it is builtin).");
  });

  it("syncs at steward start, and only warns when Graph is not answering", async () => {
    const search = graph.addApplication("Partner-NL-Search");
    expect((await steward(["entra", "import", "--org", "Partner NL"], env)).code).toBe(0);
    const start = new Date(Date.now() - HOUR);
    const portal = graph.directory.addCredential(search, {
      displayName: "Portal",
      start,
      end: new Date(Date.now() + HOUR),
    });

    const up = spawn(process.execPath, [BIN, "start"], {
      cwd: tempDir(),
      env: cliEnv({ ...env, PORT: String(await freePort()) }),
    });
    try {
      const seen = await waitForOutput(up, /secrets synced with the provider/);
      expect(seen).toContain("Secrets   Microsoft Entra ID (tenant ");
    } finally {
      expect(await stop(up)).toBe(0);
    }
    const listed = JSON.parse((await steward(["secret", "list", "--app", "Partner-NL-Search", "--json"], env)).stdout);
    expect((listed as SecretListing).secrets.map((s) => s.keyId)).toEqual([portal.keyId]);

    const port = await freePort();
    const unreachable = { ...env, GRAPH_URL: `http://127.0.0.1:${await freePort()}`, PORT: String(port) };
    const down = spawn(process.execPath, [BIN, "start"], { cwd: tempDir(), env: cliEnv(unreachable) });
    try {
      await waitForOutput(down, /could not sync secrets with the provider/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      expect(await stop(down)).toBe(0);
    }
  });
});
