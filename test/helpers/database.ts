/**
 * Which database the tests run on, and a cheap fresh one for each test.
 *
 * SQLite (the default project): each test gets its own file, a copy of the migrated template the run's
 * global setup made (test/global-setup.ts), so no test pays for the migrations. PostgreSQL (the
 * project with STEWARD_TEST_DATABASE=postgres): a test file keeps the databases it made, copied once
 * from the migrated template of the run's cluster (test/postgres-setup.ts); a database given back with
 * `drop()` is emptied (TRUNCATE … RESTART IDENTITY) and handed to the file's next test. Either way a
 * test starts on a migrated, empty database of its own that no other test is using.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import type { Dialect } from "../../db/database.js";
import { adminQuery, type Cluster, queryOn } from "./postgres-cluster.js";

export const testDialect: Dialect = process.env.STEWARD_TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
export const isPostgres = testDialect === "postgres";

export type TestDatabase = {
  /** The environment that points the bot (or a CLI run) at this database. */
  env: Record<string, string>;
  /** Every byte the database holds (SQLite: the file, WAL and shared memory; PostgreSQL: the cluster's files after a checkpoint). */
  bytes(): Promise<Buffer>;
  /** Gives the database back once nothing uses it any more (every runtime on it closed). */
  drop(): Promise<void>;
};

const cluster = (): Pick<Cluster, "urlFor"> => {
  const { port } = inject("postgres");
  return { urlFor: (database) => `postgres://steward@127.0.0.1:${port}/${database}` };
};

/** A migrated, empty database for one test; `isEmpty`: one without even the migrations (for `steward migrate`). */
export async function testDatabase(dir: string, options: { isEmpty?: boolean } = {}): Promise<TestDatabase> {
  if (!isPostgres) {
    const path = join(dir, "steward.db");
    if (!options.isEmpty) copyFileSync(inject("sqliteTemplate"), path);
    return {
      env: { DATABASE_PATH: path },
      bytes: async () => filesBytes(dir, (name) => name.startsWith("steward.db")),
      drop: async () => {},
    };
  }
  if (options.isEmpty) {
    const name = await createDatabase("template0");
    return postgresDatabase(name, () => adminQuery(cluster(), `drop database if exists ${name} with (force)`));
  }
  const name = idle.pop() ?? (await createDatabase(inject("postgres").template));
  return postgresDatabase(name, async () => {
    await emptyDatabase(name);
    idle.push(name);
  });
}

/** This file's migrated databases that no test is using. */
const idle: string[] = [];

/**
 * A copy of a template by its files (FILE_COPY), not through the WAL: PostgreSQL 15's default writes
 * the whole template (about 5 MB) into the WAL for each copy, which every database-bytes check then reads.
 */
async function createDatabase(template: string): Promise<string> {
  const name = `t_${randomBytes(8).toString("hex")}`;
  await adminQuery(cluster(), `create database ${name} template ${template} strategy file_copy`);
  return name;
}

function postgresDatabase(name: string, drop: () => Promise<void>): TestDatabase {
  let isDropped = false;
  return {
    env: { DATABASE_URL: cluster().urlFor(name) },
    bytes: async () => {
      const [, oid] = await queryOn(
        cluster().urlFor(name),
        "checkpoint",
        "select oid from pg_database where datname = current_database()",
      );
      // The cluster's shared files (WAL, catalogs, commit log) and this database's own; the other test
      // files' databases, which hold nothing of this test, are left out.
      const own = String((oid?.rows[0] as { oid: number } | undefined)?.oid);
      const isOthers = (path: string) => /\/base\/\d+$/.test(path) && !path.endsWith(`/base/${own}`);
      return filesBytes(
        inject("postgres").dataDir,
        () => true,
        (path) => !isOthers(path),
      );
    },
    drop: async () => {
      if (isDropped) return;
      isDropped = true;
      await drop();
    },
  };
}

/**
 * Back to the state of the migrated template, on one connection in one round trip: connections a test
 * left open (a server it did not stop) are ended first, and waited for (up to five seconds), so nothing
 * writes into the next test's data and no lease they held (an advisory lock) outlives them;
 * then the rows of every table holding any are deleted, every id sequence that was used starts again,
 * and the row the migrations wrote (the change signal's version) is written again. DELETE with the
 * foreign-key and change triggers held off (session_replication_role), not TRUNCATE: a TRUNCATE gives
 * each table, index and sequence new files, and that was most of the PostgreSQL server's work in the
 * run (about 200 ms per test). A table emptied this way still gives rows written afterwards back in the
 * order they were written when read without an order, as on a new database, because the test cluster
 * runs no autovacuum (postgres-cluster.ts) to mark the deleted rows' space free for new ones.
 */
const EMPTY = `
select pg_terminate_backend(pid, 5000) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid();
set session_replication_role = replica;
do $$
declare
  t record;
  has_rows boolean;
begin
  for t in select tablename from pg_tables where schemaname = 'public' loop
    execute format('select exists (select from %I)', t.tablename) into has_rows;
    if has_rows then execute format('delete from %I', t.tablename); end if;
  end loop;
  for t in select sequencename, start_value from pg_sequences where schemaname = 'public' and last_value is not null loop
    perform setval(format('%I', t.sequencename)::regclass, t.start_value, false);
  end loop;
end $$;
reset session_replication_role;
insert into change_versions (name, version) values ('token_clients', 0) on conflict do nothing;
`;

/**
 * One connection per database, kept for emptying it again and again: a new PostgreSQL connection costs
 * the server about 20 ms of CPU on these machines, and every test gives its database back. Its socket
 * does not keep the worker alive; a connection that was lost is opened again.
 */
const emptiers = new Map<string, Promise<pg.Client>>();

function emptier(name: string): Promise<pg.Client> {
  let client = emptiers.get(name);
  if (!client) {
    client = (async () => {
      const c = new pg.Client({ connectionString: cluster().urlFor(name) });
      c.on("error", () => emptiers.delete(name));
      await c.connect();
      (c as unknown as { connection: { stream: { unref(): void } } }).connection.stream.unref();
      return c;
    })();
    emptiers.set(name, client);
  }
  return client;
}

async function emptyDatabase(name: string): Promise<void> {
  try {
    await (await emptier(name)).query(EMPTY);
  } catch {
    emptiers.delete(name);
    await (await emptier(name)).query(EMPTY);
  }
}

/**
 * Every byte of the files under a directory whose names pass `keep`, in the folders `enters` lets in. Other test files share the
 * PostgreSQL cluster and empty their own databases meanwhile (TRUNCATE replaces a table's files), so a
 * file that is gone by the time it is read belonged to one of them and is passed over.
 */
function filesBytes(
  dir: string,
  keep: (name: string) => boolean,
  enters: (path: string) => boolean = () => true,
): Buffer {
  const parts: Buffer[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    try {
      if (statSync(path).isDirectory()) {
        if (enters(path)) parts.push(filesBytes(path, () => true, enters));
      } else if (keep(entry)) parts.push(readFileSync(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return Buffer.concat(parts);
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated SQLite file each test's database is copied from. */
    sqliteTemplate: string;
  }
}
