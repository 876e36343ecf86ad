/**
 * The committed migrations of both dialects must build the same schema. Compared on the migrated
 * databases themselves (not on the drizzle tables, which are now written once, db/tables.ts), table by
 * table: every column's type in a common vocabulary, nullability and default; the primary key; indexes,
 * unique or not, on columns or expressions, partial or not; checks; foreign keys with their actions
 * (test/helpers/schema-shape.ts). Enumerations live in neither database, so they are compared on the
 * drizzle tables, the only place they exist.
 *
 * Both databases are needed in one run, so the file runs in the postgres project only: it imports
 * test/helpers/database.ts, so the sqlite project collects it too, and skips it. PostgreSQL is a migrated
 * test database (`testDatabase`); SQLite is a file beside it that `openDatabase` migrates, as the bot does.
 *
 * The comparison must see a one-column change: each mutation below changes one column, index or
 * constraint of one dialect — inside a transaction that is rolled back on PostgreSQL, on a copy of the
 * file on SQLite — and expects exactly that one difference.
 */
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { PgTable, getTableConfig as pgConfig } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig } from "drizzle-orm/sqlite-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { openDatabase } from "../../db/open.js";
import * as pgSchema from "../../db/postgres/schema.js";
import * as sqliteSchema from "../../db/sqlite/schema.js";
import { tempDir } from "../helpers/config.js";
import { isPostgres, type TestDatabase, testDatabase } from "../helpers/database.js";
import { postgresShape } from "../helpers/postgres-shape.js";
import { compareShapes, type Shape, tablesOf } from "../helpers/schema-shape.js";
import { sqliteShape } from "../helpers/sqlite-shape.js";
import { POSTGRES_MUTATIONS, SQLITE_MUTATIONS } from "./schema-mutations.js";

/** Tables only PostgreSQL needs, for several replicas: shared failure counts and the change signal. */
const POSTGRES_ONLY = ["rate_limits", "change_versions"];

const tableNames = Object.values(sqliteSchema)
  .map((table) => sqliteConfig(table).name)
  .sort();

/** The TypeScript type of a row of each table. */
type Rows<Tables> = { [K in keyof Tables]: Tables[K] extends { $inferSelect: infer Row } ? Row : never };

/** One table's facts. */
const factsOf = (shape: Shape, table: string): Shape =>
  new Map([...shape].filter(([key]) => key.startsWith(`${table}.`) || key.startsWith(`${table} `)));

describe.runIf(isPostgres)("the migrated SQLite and PostgreSQL databases", () => {
  let dir: string;
  let sqliteFile: string;
  let database: TestDatabase;
  let client: pg.Client;
  let sqlite: Shape;
  let postgres: Shape;
  const readSqlite = (file: string, change?: (db: Database.Database) => void): Shape => {
    const db = new Database(file);
    try {
      change?.(db);
      return sqliteShape(db);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    dir = tempDir("steward-parity-");
    sqliteFile = join(dir, "steward.db");
    database = await testDatabase(dir);
    client = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    await (await openDatabase({ databasePath: sqliteFile })).close();
    sqlite = readSqlite(sqliteFile);
    postgres = await postgresShape(client, POSTGRES_ONLY);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("have the same tables, apart from PostgreSQL's replica-only ones, and every table of the schema", () => {
    expect(tablesOf(sqlite)).toEqual(tableNames);
    expect(tablesOf(postgres)).toEqual(tableNames);
  });

  it.each(tableNames)("describe %s alike: columns, primary key, indexes, checks and foreign keys", (table) => {
    expect(compareShapes(factsOf(sqlite, table), factsOf(postgres, table))).toEqual([]);
  });

  it("read what the migrations wrote, in the common vocabulary", () => {
    const facts = {
      "organisations.id": "integer not null default generated",
      "client_secrets.created_at": "timestamp not null default now",
      "applications.apis": "json not null default '[]'",
      "client_secrets.is_external": "boolean not null default false",
      "client_secrets.kind": "text not null default 'secret'",
      "organisations index organisations_name_unique": "unique (lower(name))",
      "access_requests index access_requests_open_app_unique":
        "unique (person_id, application_id) where status = 'open'",
      "access_grants check access_grants_one_target": "(application_id IS NULL) <> (organisation_id IS NULL)",
      "client_secrets foreign key (created_by)": "people(id) on delete set null on update no action",
      "chat_identities primary key": "(platform, workspace, user_id)",
    };
    for (const [key, value] of Object.entries(facts)) {
      expect([key, sqlite.get(key), postgres.get(key)]).toEqual([key, value, value]);
    }
  });

  it.each(POSTGRES_MUTATIONS)("see one changed thing on PostgreSQL: %s", async (_, statement, difference) => {
    await client.query("begin");
    try {
      await client.query(statement);
      expect(compareShapes(sqlite, await postgresShape(client, POSTGRES_ONLY))).toEqual([difference]);
    } finally {
      await client.query("rollback");
    }
  });

  it.each(SQLITE_MUTATIONS)("see one changed thing on SQLite: %s", (name, change, difference) => {
    const copy = join(dir, `${name.replace(/\W+/g, "-")}.db`);
    copyFileSync(sqliteFile, copy);
    expect(compareShapes(readSqlite(copy, change), postgres)).toEqual([difference]);
  });

  it("give each enumerated column the same values, rows the same TypeScript types, and export the same names", () => {
    const enums = (tables: object) =>
      Object.values(tables).flatMap((table) => {
        const config = is(table, PgTable) ? pgConfig(table) : sqliteConfig(table);
        return config.columns.filter((c) => c.enumValues).map((c) => `${config.name}.${c.name}: ${c.enumValues}`);
      });
    const { rateLimits: _r, changeVersions: _c, ...shared } = pgSchema;
    expect(enums(shared)).toEqual(enums(sqliteSchema));
    expect(enums(sqliteSchema)).toContain("access_grants.role: manager,viewer");
    expect(Object.keys(shared).sort()).toEqual(Object.keys(sqliteSchema).sort());
    // Checked by the typecheck: both kits map each column definition to the same TypeScript type.
    expectTypeOf<Rows<typeof sqliteSchema>>().toEqualTypeOf<
      Rows<Omit<typeof pgSchema, "rateLimits" | "changeVersions">>
    >();
  });
});
