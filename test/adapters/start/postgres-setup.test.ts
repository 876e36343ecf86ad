/**
 * README's PostgreSQL set-up, run as written (its `sudo -u postgres psql` blocks, read from README itself)
 * against a real PostgreSQL server of this test's own with password logins, as a new operator would:
 * the bot's role owns its database, or keeps a database owned by another role with the two grants. Each
 * refusal on the way says in one line what to do, naming the schema fix PostgreSQL 15 needs.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, steward } from "../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../helpers/config.js";
import { isPostgres } from "../../helpers/database.js";
import { type Cluster, findPostgresBin, queryOn, startCluster } from "../../helpers/postgres-cluster.js";

/** README's fenced blocks that run psql as PostgreSQL's superuser, in order. */
function readmeSetupBlocks(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/```sh\n(sudo -u postgres psql[^\n]*\n[\s\S]*?)```/g)].map((m) => m[1] ?? "");
}

describe.runIf(isPostgres)("README's PostgreSQL set-up, on a server that checks passwords", () => {
  const [ownerBlock, grantBlock] = readmeSetupBlocks();
  const password = /PASSWORD '([^']+)'/.exec(ownerBlock ?? "")?.[1] ?? "";
  const home = tempDir("steward-pg-setup-");
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ superuser: "postgres", isPasswordChecked: true });
    writeFileSync(join(home, "psqlrc"), "\\set ON_ERROR_STOP on\n");
  }, 30_000);
  afterAll(() => {
    cluster?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  /** Runs one of README's blocks with bash, its `sudo -u postgres psql` being psql as the superuser on the socket. */
  const runAsSuperuser = (block: string) =>
    execFileSync("bash", ["-euo", "pipefail", "-c", block.replace(/^sudo -u postgres psql/gm, '"$PSQL"')], {
      env: {
        PATH: process.env.PATH ?? "",
        PSQL: join(findPostgresBin(), "psql"),
        PSQLRC: join(home, "psqlrc"),
        PGHOST: cluster.socketDir,
        PGPORT: String(cluster.port),
        PGUSER: "postgres",
        PGDATABASE: "postgres",
      },
      stdio: "pipe",
    });
  const superuserOn = (database: string, ...statements: string[]) =>
    queryOn(`postgres://postgres@/${database}?host=${cluster.socketDir}&port=${cluster.port}`, ...statements);
  const superuser = (...statements: string[]) => superuserOn("postgres", ...statements);
  const migrate = (user = "steward") =>
    steward(["migrate"], {
      DATABASE_URL: `postgres://${user}:${password}@127.0.0.1:${cluster.port}/steward`,
      STEWARD_PEPPER: TEST_PEPPER,
    });

  it("README has the two blocks and a password to put into DATABASE_URL", () => {
    expect(ownerBlock).toContain("CREATE DATABASE steward OWNER steward");
    expect(grantBlock).toContain("GRANT CREATE ON SCHEMA public TO steward");
    expect(password).not.toBe("");
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(
      `DATABASE_URL=postgres://steward:${password}@db.example.org:5432/steward`,
    );
  });

  it("a role that owns its database: migrate creates the tables, as the bot's own role", async () => {
    runAsSuperuser(ownerBlock ?? "");
    try {
      const r = await migrate();
      expect([r.code, r.stderr]).toEqual([0, ""]);
      const [tables] = await superuserOn(
        "steward",
        "select count(*)::int as n from pg_tables where schemaname = 'public' and tableowner = 'steward'",
      );
      expect(tables?.rows[0]?.n).toBeGreaterThan(5);
    } finally {
      await superuser("drop database steward with (force)", "drop role steward");
    }
  });

  it("a database owned by another role: each missing privilege is named with its fix, then README's grants work", async () => {
    await superuser(`create role steward login password '${password}'`, "create database steward");
    try {
      const version = await superuser("show server_version_num");
      expect(Number(version[0]?.rows[0]?.server_version_num)).toBeGreaterThanOrEqual(150000);
      const noCreate = await migrate();
      expect(noCreate.code).toBe(1);
      expect(noCreate.stderr.trim().split("\n")).toEqual([
        `❌ Cannot use PostgreSQL at 127.0.0.1:${cluster.port}, database steward: steward may not create the bot's schemas in steward; make it the database's owner (ALTER DATABASE steward OWNER TO steward), or GRANT CREATE ON DATABASE steward TO steward and, connected to steward, GRANT CREATE ON SCHEMA public TO steward.`,
      ]);

      // What the old advice said, and all an operator would do with it: still refused, now for schema public.
      await superuser("grant create on database steward to steward");
      const noSchema = await migrate();
      expect(noSchema.code).toBe(1);
      expect(noSchema.stderr).toContain(
        "steward may not create tables in schema public (PostgreSQL 15 and later allow only the database's owner); make steward the database's owner (ALTER DATABASE steward OWNER TO steward), or, connected to steward, GRANT CREATE ON SCHEMA public TO steward",
      );
      expect(noSchema.stderr + noCreate.stderr).not.toContain(password);

      runAsSuperuser(grantBlock ?? "");
      const r = await migrate();
      expect([r.code, r.stderr]).toEqual([0, ""]);
    } finally {
      await superuser("drop database steward with (force)", "drop owned by steward", "drop role steward");
    }
  });
});
