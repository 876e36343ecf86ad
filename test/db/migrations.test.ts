/**
 * The real migrations, on both databases: an empty database comes up at the latest schema, and a
 * database of the previous release (its migrations only, with data written as that release wrote it)
 * is brought up to date keeping its data, which the verbs then read as usual.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle as sqliteDrizzle } from "drizzle-orm/better-sqlite3";
import { migrate as sqliteMigrate } from "drizzle-orm/better-sqlite3/migrator";
import { drizzle as pgDrizzle } from "drizzle-orm/node-postgres";
import { migrate as pgMigrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/open.js";
import { postgresMigrationsFolder } from "../../db/postgres/postgres-server.js";
import { sqliteMigrationsFolder } from "../../db/sqlite/sqlite-database.js";
import { showApplication } from "../../src/verbs/show-application.js";
import { visibleApplications } from "../../src/verbs/visible-applications.js";
import { tempDir } from "../helpers/config.js";
import { isPostgres, type TestDatabase, testDatabase } from "../helpers/database.js";
import { testRuntime } from "../helpers/runtime.js";

/** The last migration of the release before this one, per dialect (PostgreSQL arrived within it). */
const PREVIOUS_RELEASE = isPostgres ? "0001_change_signal" : "0002_teams";

const migrationsFolder = () => (isPostgres ? postgresMigrationsFolder() : (sqliteMigrationsFolder ?? ""));
const journalOf = (folder: string) =>
  JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };

/** A copy of the committed migrations that ends with `lastTag`, as an installation of that release had them. */
function migrationsUpTo(lastTag: string): string {
  const folder = join(tempDir("steward-migrations-"), "migrations");
  cpSync(migrationsFolder(), folder, { recursive: true });
  const journal = journalOf(folder);
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  if (last < 0) throw new Error(`no migration ${lastTag}`);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify(journal));
  return folder;
}

/** Runs statements on the database as the previous release would have: its own migrations, then its writes. */
async function asPreviousRelease(
  database: TestDatabase,
  statements: string[],
  lastTag = PREVIOUS_RELEASE,
): Promise<void> {
  const folder = migrationsUpTo(lastTag);
  try {
    if (isPostgres) {
      const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
      await client.connect();
      try {
        await pgMigrate(pgDrizzle(client), { migrationsFolder: folder });
        for (const statement of statements) await client.query(statement);
      } finally {
        await client.end();
      }
      return;
    }
    const file = new Database(database.env.DATABASE_PATH);
    try {
      sqliteMigrate(sqliteDrizzle(file), { migrationsFolder: folder });
      for (const statement of statements) file.exec(statement);
    } finally {
      file.close();
    }
  } finally {
    rmSync(join(folder, ".."), { recursive: true, force: true });
  }
}

/** A moment in the column type of the dialect: epoch milliseconds on SQLite, a timestamptz on PostgreSQL. */
const at = (iso: string) => (isPostgres ? `'${iso}'` : String(Date.parse(iso)));

describe("database migrations", () => {
  const dirs: string[] = [];
  const databases: TestDatabase[] = [];
  const emptyDatabase = async () => {
    const dir = tempDir();
    dirs.push(dir);
    const database = await testDatabase(dir, { isEmpty: true });
    databases.push(database);
    return database;
  };
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.drop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("bring an empty database to the latest schema, and find nothing left to do the second time", async () => {
    const database = await emptyDatabase();
    const settings = { databasePath: database.env.DATABASE_PATH ?? "", databaseUrl: database.env.DATABASE_URL };
    const first = await openDatabase(settings);
    expect(await first.isMigrated()).toBe(true);
    await first.close();
    const second = await openDatabase(settings);
    expect(await second.isMigrated()).toBe(true);
    expect(await second.select().from(second.t.organisations)).toEqual([]);
    await second.close();
  });

  it("bring a database of the previous release up to date, keeping its applications, grants and secrets", async () => {
    const database = await emptyDatabase();
    await asPreviousRelease(database, [
      `insert into organisations (name) values ('Partner NL')`,
      `insert into applications (organisation_id, name, client_id, apis, provider) values (1, 'Partner-NL-Search', 'nl-search-id', '["search"]', 'builtin')`,
      `insert into people (email) values ('ann@partner-nl.org')`,
      `insert into access_grants (person_id, application_id, role, granted_by) values (1, 1, 'manager', 'operator:test')`,
      `insert into client_secrets (application_id, key_id, display_name, hint, hash, created_by, expires_at) values (1, 'key-1', 'Secret by ann', 'sst_AbC', '${"0".repeat(64)}', 1, ${at("2027-06-30T23:59:59Z")})`,
    ]);

    const rt = await testRuntime({ database });
    try {
      expect(await rt.db.isMigrated()).toBe(true);
      const ann = await rt.as("ann@partner-nl.org");
      expect((await visibleApplications(ann)).map((app) => app.name)).toEqual(["Partner-NL-Search"]);
      const shown = await showApplication(ann, { application: "nl-search-id" });
      expect(shown.app.apis).toEqual(["search"]);
      expect(shown.managers).toEqual(["ann@partner-nl.org"]);
      expect(shown.secrets.map((s) => [s.hint, s.displayName, s.expiresAt.toISOString()])).toEqual([
        ["sst_AbC", "Secret by ann", "2027-06-30T23:59:59.000Z"],
      ]);
    } finally {
      await rt.cleanup();
    }
  });

  it("keep access requests and the notices of them when requests learn to keep an unknown name", async () => {
    const database = await emptyDatabase();
    await asPreviousRelease(
      database,
      [
        `insert into organisations (name) values ('Partner NL')`,
        `insert into applications (organisation_id, name, client_id, apis, provider) values (1, 'Partner-NL-Search', 'nl-search-id', '["search"]', 'builtin')`,
        `insert into people (email) values ('sam@elsewhere.org')`,
        `insert into access_requests (person_id, application_id, role, surface) values (1, 1, 'viewer', 'console')`,
        `insert into request_notices (request_id, platform, handle) values (1, 'slack', '{"channel":"D1","ts":"1.2"}')`,
      ],
      isPostgres ? "0005_client_changes" : "0005_deactivated_by",
    );
    const rt = await testRuntime({ database });
    try {
      expect(await rt.db.isMigrated()).toBe(true);
      const [request] = await rt.db.select().from(rt.db.t.accessRequests);
      expect(request).toMatchObject({ id: 1, applicationId: 1, unknownName: null, status: "open" });
      const notices = await rt.db.select().from(rt.db.t.requestNotices);
      expect(notices.map((n) => [n.requestId, n.handle])).toEqual([[1, { channel: "D1", ts: "1.2" }]]);
    } finally {
      await rt.cleanup();
    }
  });
});
