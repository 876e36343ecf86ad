import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as oauth from "oauth4webapi";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, cliEnv, stewardProcess } from "../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../helpers/config.js";
import { isPostgres, type TestDatabase, testDatabase } from "../../helpers/database.js";
import { freePort } from "../../helpers/http.js";
import { waitForOutput } from "../../helpers/process.js";

/** Sends SIGTERM and resolves with the exit code (at once when the child has already exited). */
function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  return exited;
}

/**
 * What README's quick start does next, with oauth4webapi as the API client: discovery from the address the
 * banner printed (its issuer must be that address), then a token for a secret made with the CLI.
 */
async function getsTokenFromPrintedAddress(banner: string, databasePath: string): Promise<void> {
  const printed = /HTTP {6}(\S+)/.exec(banner)?.[1] ?? "";
  const env = { DATABASE_PATH: databasePath };
  for (const args of [
    ["org", "add", "Partner NL"],
    ["app", "add", "Partner-NL-Search", "--org", "Partner NL", "--api", "search"],
    ["grant", "ann@partner-nl.example", "--app", "Partner-NL-Search", "--role", "manager"],
  ]) {
    expect((await stewardProcess(args, env)).code).toBe(0);
  }
  const created = await stewardProcess(
    ["secret", "create", "--app", "Partner-NL-Search", "--as", "ann@partner-nl.example", "--json"],
    env,
  );
  const { clientId, value } = JSON.parse(created.stdout) as { clientId: string; value: string };
  const insecure = { [oauth.allowInsecureRequests]: true };
  const issuer = new URL(printed);
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }),
  );
  expect(as.issuer).toBe(printed);
  const client: oauth.Client = { client_id: clientId };
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    oauth.ClientSecretBasic(value),
    new URLSearchParams({ scope: "search" }),
    insecure,
  );
  const token = await oauth.processClientCredentialsResponse(as, client, response);
  const request = new Request(`${printed}/api`, { headers: { authorization: `Bearer ${token.access_token}` } });
  expect(await oauth.validateJwtAccessToken(as, request, "search", insecure)).toMatchObject({ iss: printed });
}

describe("steward start", () => {
  const dirs: string[] = [];
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.drop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A working directory and the environment of a bot on a fresh database of its own. */
  async function fresh(port: number) {
    const dir = tempDir();
    dirs.push(dir);
    const database = await testDatabase(dir);
    databases.push(database);
    return { dir, env: cliEnv({ ...database.env, STEWARD_PEPPER: TEST_PEPPER, PORT: String(port) }) };
  }

  it.skipIf(isPostgres)(
    "comes up with no configuration, creates its database, says what runs where, and stops on SIGTERM",
    async () => {
      const cwd = tempDir();
      dirs.push(cwd);
      const port = await freePort();
      const child = spawn(process.execPath, [BIN, "start"], { cwd, env: cliEnv({ PORT: String(port) }) });
      try {
        const banner = await waitForOutput(child, /Next: npx steward console/);
        expect(banner).toContain(`HTTP      http://localhost:${port}`);
        expect(banner).toContain(`Issuer    http://localhost:${port}`);
        expect(banner).toContain("Slack     off");
        expect(existsSync(join(cwd, "data", "steward.db"))).toBe(true);
        await getsTokenFromPrintedAddress(banner, join(cwd, "data", "steward.db"));
        expect(existsSync(join(cwd, "data", "steward.db.pepper"))).toBe(true);
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", database: "ok" }]);
      } finally {
        expect(await stop(child)).toBe(0);
      }
    },
  );

  it.runIf(isPostgres)(
    "comes up on PostgreSQL, names the server it uses, writes no file of its own, and stops on SIGTERM",
    async () => {
      const port = await freePort();
      const { dir, env } = await fresh(port);
      const url = new URL(env.DATABASE_URL!);
      const location = `PostgreSQL at 127.0.0.1:${url.port}, database ${url.pathname.slice(1)}`;
      const child = spawn(process.execPath, [BIN, "start"], { cwd: dir, env });
      try {
        const banner = await waitForOutput(child, /Next: npx steward console/);
        expect(banner).toContain(`HTTP      http://localhost:${port}`);
        expect(banner).toContain(`Issuer    http://localhost:${port}`);
        expect(banner).toContain("Slack     off");
        expect(existsSync(join(dir, "data"))).toBe(false);
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", database: "ok" }]);
        expect(banner).toContain(`Database  ${location}`);
        expect(banner).not.toContain("steward.db");
      } finally {
        expect(await stop(child)).toBe(0);
      }
    },
  );

  it("exits 1 with a clear message when the port is taken", async () => {
    const port = await freePort();
    const one = await fresh(port);
    const first = spawn(process.execPath, [BIN, "start"], { cwd: one.dir, env: one.env });
    try {
      await waitForOutput(first, /Next:/);
      const two = await fresh(port);
      const second = spawn(process.execPath, [BIN, "start"], { cwd: two.dir, env: two.env });
      let stderr = "";
      second.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      const code = await new Promise<number | null>((resolve) => second.once("exit", resolve));
      expect(code).toBe(1);
      expect(stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
    } finally {
      await stop(first);
    }
  });
});
