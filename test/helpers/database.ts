/**
 * Which database the tests run on: the SQLite project uses a fresh file per test, the PostgreSQL project
 * (STEWARD_TEST_DATABASE=postgres, see vitest.config.ts) a fresh database per test, copied from the
 * migrated template of the cluster its global setup started.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import type { Dialect } from "../../db/database.js";
import { adminQuery, type Cluster, queryOn } from "./postgres-cluster.js";

export const testDialect: Dialect = process.env.STEWARD_TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
export const isPostgres = testDialect === "postgres";

export type TestDatabase = {
  /** The environment that points the bot (or a CLI child) at this database. */
  env: Record<string, string>;
  /** Every byte the database holds (SQLite: the file, WAL and shared memory; PostgreSQL: the cluster's files after a checkpoint). */
  bytes(): Promise<Buffer>;
  drop(): Promise<void>;
};

const cluster = (): Pick<Cluster, "urlFor"> => {
  const { port } = inject("postgres");
  return { urlFor: (database) => `postgres://steward@127.0.0.1:${port}/${database}` };
};

/** A fresh database for one test: migrated, unless `isEmpty` (for testing `steward migrate` itself). */
export async function testDatabase(dir: string, options: { isEmpty?: boolean } = {}): Promise<TestDatabase> {
  if (!isPostgres) {
    const path = join(dir, "steward.db");
    return {
      env: { DATABASE_PATH: path },
      bytes: async () => filesBytes(dir, (name) => name.startsWith("steward.db")),
      drop: async () => {},
    };
  }
  const name = `t_${randomBytes(8).toString("hex")}`;
  const template = options.isEmpty ? "template0" : inject("postgres").template;
  await adminQuery(cluster(), `create database ${name} template ${template}`);
  return {
    env: { DATABASE_URL: cluster().urlFor(name) },
    bytes: async () => {
      await queryOn(cluster().urlFor(name), "checkpoint");
      return filesBytes(inject("postgres").dataDir, () => true);
    },
    drop: () => adminQuery(cluster(), `drop database if exists ${name} with (force)`),
  };
}

/** Every byte of the files under a directory whose names pass `keep`. */
function filesBytes(dir: string, keep: (name: string) => boolean): Buffer {
  const parts: Buffer[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) parts.push(filesBytes(path, () => true));
    else if (keep(entry)) parts.push(readFileSync(path));
  }
  return Buffer.concat(parts);
}
