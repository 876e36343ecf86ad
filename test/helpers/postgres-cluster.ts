/**
 * A throwaway PostgreSQL cluster for one test run (or one bench run): initdb in a temporary directory,
 * started on a free port with its socket in that directory, stopped and deleted afterwards. Nothing
 * assumes a server already running. As root (CI), the server programs run as the `postgres` user, since
 * initdb refuses root.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./http.js";

export type Cluster = {
  port: number;
  /** The directory of the server's Unix socket (PGHOST for psql as the superuser). */
  socketDir: string;
  /** The superuser's name. */
  superuser: string;
  /** The cluster's data directory, for tests that read every byte the server wrote. */
  dataDir: string;
  /** A URL for one database of the cluster (the superuser, `steward` unless chosen; trust on 127.0.0.1 unless `isPasswordChecked`). */
  urlFor(database: string): string;
  /** Stops the server as a crash would (immediate), keeping its data; `resume()` starts it again. */
  pause(): void;
  resume(): void;
  /** Stops the server and deletes its directory. */
  stop(): void;
};

const USER = "steward";

export type ClusterOptions = {
  /** Commits wait for the WAL: a test that crashes the server on purpose must not lose its last commits. */
  isCrashSafe?: boolean;
  /**
   * No autovacuum: the test run's cluster, whose databases tests empty with DELETE (database.ts); with no
   * vacuum marking the deleted rows' space free, rows written afterwards still come back in the order
   * they were written when read without an order.
   */
  isVacuumOff?: boolean;
  /** The superuser's name; `steward` by default. */
  superuser?: string;
  /** TCP logins need their password (scram-sha-256), as on a real server; the Unix socket stays trusted. */
  isPasswordChecked?: boolean;
};

/** The newest PostgreSQL server programs on this machine (Debian's postgresql package), or a clear error. */
export function findPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], "bin");
  throw new Error("PostgreSQL's server programs are not installed: apt-get install postgresql (.ci/run does this)");
}

function runAs(owner: { uid: number; gid: number } | null, program: string, args: string[]): void {
  if (owner) execFileSync("runuser", ["-u", "postgres", "--", program, ...args], { stdio: "pipe" });
  else execFileSync(program, args, { stdio: "pipe" });
}

function postgresOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { uid, gid };
}

/**
 * initdb + pg_ctl start, tuned for tests (no fsync, and no waiting for WAL at commit unless
 * `isCrashSafe`: a test that crashes the server on purpose must not lose its last commits): about two
 * seconds.
 */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = findPostgresBin();
  const owner = postgresOwner();
  const dir = mkdtempSync(join(tmpdir(), "steward-pg-"));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  const data = join(dir, "data");
  const superuser = options.superuser ?? USER;
  const auth = options.isPasswordChecked ? ["--auth-local=trust", "--auth-host=scram-sha-256"] : ["-A", "trust"];
  runAs(owner, join(bin, "initdb"), ["-D", data, "-U", superuser, ...auth, "-E", "UTF8", "--locale=C", "--no-sync"]);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=off",
    ...(options.isCrashSafe ? [] : ["-c synchronous_commit=off"]),
    "-c full_page_writes=off",
    "-c max_connections=300",
    ...(options.isVacuumOff ? ["-c autovacuum=off"] : []),
  ].join(" ");
  const start = () =>
    runAs(owner, join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "server.log"), "-w", "-o", settings, "start"]);
  const halt = () => runAs(owner, join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
  start();
  let isStopped = false;
  let isPaused = false;
  return {
    port,
    socketDir: dir,
    superuser,
    dataDir: data,
    urlFor: (database) => `postgres://${superuser}@127.0.0.1:${port}/${database}`,
    pause: () => {
      halt();
      isPaused = true;
    },
    resume: () => {
      start();
      isPaused = false;
    },
    stop: () => {
      if (isStopped) return;
      isStopped = true;
      try {
        if (!isPaused) halt();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Runs statements on the cluster's `postgres` database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery(cluster: Pick<Cluster, "urlFor">, ...statements: string[]): Promise<void> {
  await queryOn(cluster.urlFor("postgres"), ...statements);
}

/** Runs statements on one database, outside any transaction. */
export async function queryOn(url: string, ...statements: string[]): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const results: pg.QueryResult[] = [];
    for (const statement of statements) results.push(await client.query(statement));
    return results;
  } finally {
    await client.end();
  }
}
