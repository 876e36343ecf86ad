/**
 * Bad database configuration at start, and a PostgreSQL server that goes away while the bot serves:
 * one clear line (naming the server, never the password) and exit 1 at start; 503 from /readyz and the
 * token endpoint and "try again" in chat while it is away; nothing half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../../adapters/root/server.js";
import { runCommand } from "../../../src/commands/run-command.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { steward, stewardProcess } from "../../helpers/cli.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { isPostgres } from "../../helpers/database.js";
import { basic, FORM, freePort } from "../../helpers/http.js";
import { adminQuery, type Cluster, startCluster } from "../../helpers/postgres-cluster.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";

const PASSWORD = "s3cret-db-passw0rd";

describe("database configuration at start", () => {
  it("refuses DATABASE_URL together with DATABASE_PATH, and DATABASE_URL without STEWARD_PEPPER", async () => {
    const url = `postgres://steward:${PASSWORD}@127.0.0.1:1/steward`;
    const both = await steward(["migrate"], {
      DATABASE_URL: url,
      DATABASE_PATH: "/tmp/x.db",
      STEWARD_PEPPER: TEST_PEPPER,
    });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("DATABASE_URL and DATABASE_PATH are both set");
    const noPepper = await steward(["migrate"], { DATABASE_URL: url });
    expect(noPepper.code).toBe(1);
    expect(noPepper.stderr).toContain("DATABASE_URL needs STEWARD_PEPPER");
    const notPostgres = await steward(["migrate"], {
      DATABASE_URL: `mysql://u:${PASSWORD}@h/db`,
      STEWARD_PEPPER: TEST_PEPPER,
    });
    expect(notPostgres.code).toBe(1);
    expect(notPostgres.stderr).toContain("DATABASE_URL must be a PostgreSQL URL");
    for (const r of [both, noPepper, notPostgres]) expect(r.stderr + r.stdout).not.toContain(PASSWORD);
  });

  it("says in one line which server it cannot reach, without the password, and exits 1", async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: `postgres://steward:${PASSWORD}@127.0.0.1:${port}/steward`,
      STEWARD_PEPPER: TEST_PEPPER,
    };
    for (const args of [["start"], ["migrate"], ["org", "add", "X"]]) {
      // `start` runs as a process only: it would otherwise hold this one's signals.
      const r = await (args[0] === "start" ? stewardProcess : steward)(args, env);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toEqual([
        `❌ Cannot use PostgreSQL at 127.0.0.1:${port}, database steward: nothing listens there (is the server running?). Check DATABASE_URL.`,
      ]);
      expect(r.stderr + r.stdout).not.toContain(PASSWORD);
    }
  });
});

describe.runIf(isPostgres)("a PostgreSQL server that goes away", () => {
  let cluster: Cluster;
  let rt: TestRuntime;

  beforeAll(async () => {
    // A cluster of this test's own: stopping it must not touch the other tests' databases.
    cluster = await startCluster({ isCrashSafe: true });
    await adminQuery(cluster, "create database steward");
  }, 30_000);
  afterAll(async () => {
    await rt?.cleanup().catch(() => {});
    cluster?.stop();
  });

  it("names a database that does not exist", async () => {
    const url = cluster.urlFor("nosuchdb").replace("steward@", `steward:${PASSWORD}@`);
    const r = await steward(["migrate"], { DATABASE_URL: url, STEWARD_PEPPER: TEST_PEPPER });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`database nosuchdb: that database does not exist; create it first (createdb)`);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it("says that a role does not exist, rather than that it may not connect from here", async () => {
    const url = cluster.urlFor("steward").replace("steward@", `nosuchrole:${PASSWORD}@`);
    const r = await steward(["migrate"], { DATABASE_URL: url, STEWARD_PEPPER: TEST_PEPPER });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      `❌ Cannot use PostgreSQL at 127.0.0.1:${cluster.port}, database steward: there is no role (user) nosuchrole; create it first (CREATE ROLE nosuchrole LOGIN PASSWORD '…', see README, Running several replicas). Check DATABASE_URL.`,
    ]);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it("answers 503 on /readyz and the token endpoint and 'try again' in chat, writes nothing half, and recovers", async () => {
    const url = cluster.urlFor("steward");
    rt = await testRuntime({
      database: { env: { DATABASE_URL: url }, bytes: async () => Buffer.alloc(0), drop: async () => {} },
      env: { HOST: "127.0.0.1", PORT: "0" },
    });
    await seedPartner(rt.operator);
    const secret = await createClientSecret(await rt.as(MANAGER), { application: "Partner-NL-Search" });
    const server = await startServer(rt);
    const base = `http://127.0.0.1:${server.address.port}`;
    const token = () =>
      fetch(`${base}/oauth2/token`, {
        method: "POST",
        headers: { ...FORM, authorization: basic(secret.clientId, secret.value) },
        body: "grant_type=client_credentials",
      });
    try {
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await token()).status).toBe(200);
      const ann = await rt.as(MANAGER);

      cluster.pause();
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      // The cache may answer for up to a second after the last proof that nothing changed. Once the change
      // signal says it cannot vouch for the cache any more, the token endpoint asks the database: 503.
      await expect.poll(() => rt.db.changes.current(), { timeout: 5_000, interval: 20 }).toBeNull();
      const refused = await token();
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("5");
      expect(await refused.json()).toEqual({
        error: "temporarily_unavailable",
        error_description: "The database is not answering; try again shortly.",
      });
      for (const line of ["list", "create Partner-NL-Search --name Later"]) {
        const reply = await runCommand(ann, line, { surface: "console", canShowForms: false, canRevealSecrets: true });
        expect(reply.tone).toBe("error");
        expect(reply.blocks).toEqual([
          { type: "text", text: "❌ The database is not answering right now. Try again in a minute." },
        ]);
      }
      expect(rt.logLines.join("")).not.toContain(secret.value);

      // Back again: ready, serving, and the create that failed left no secret and no audit entry behind.
      cluster.resume();
      await expect.poll(async () => (await fetch(`${base}/readyz`)).status, { timeout: 10_000 }).toBe(200);
      await expect.poll(async () => (await token()).status, { timeout: 10_000 }).toBe(200);
      // The operator's log at the default level (info): one line when it went, one when it came back, no stack trace.
      await expect.poll(() => rt.logLines.filter((l) => l.includes("the database is answering again")).length).toBe(1);
      const operatorSees = rt.logLines.filter((l) => (JSON.parse(l) as { level: number }).level >= 30);
      const told = operatorSees.filter((l) => /database/.test(l));
      expect(told.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual([
        expect.stringMatching(/^the database is not answering \(.+\); requests that need it get 503 until it is back$/),
        expect.stringMatching(/^the database is answering again, after \d+\.\d s$/),
      ]);
      expect(operatorSees.filter((l) => l.includes('"stack"'))).toEqual([]);
      const { auditEntries, clientSecrets } = rt.db.t;
      expect(await rt.db.select().from(clientSecrets)).toHaveLength(1);
      const created = (await rt.db.select().from(auditEntries)).filter((e) => e.action === "secret.created");
      expect(created).toHaveLength(1);
    } finally {
      await server.stop();
    }
  }, 30_000);
});
