/** Where the PostgreSQL server is, in words safe to print, and what went wrong reaching it. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { DatabaseUnavailable, databaseErrorCode } from "../database.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The committed PostgreSQL migrations, whether running from source (db/postgres) or the build (dist/db/postgres). */
export function postgresMigrationsFolder(): string {
  const folder = [join(here, "migrations"), join(here, "..", "..", "..", "db", "postgres", "migrations")].find((dir) =>
    existsSync(join(dir, "meta", "_journal.json")),
  );
  if (!folder) throw new Error("db/postgres/migrations is missing from this installation");
  return folder;
}

export const journalLength = (): number =>
  (
    JSON.parse(readFileSync(join(postgresMigrationsFolder(), "meta", "_journal.json"), "utf8")) as {
      entries: unknown[];
    }
  ).entries.length;

/** How many migrations the database records as applied; 0 when it has none (or cannot say). */
export async function migrationCount(pool: pg.Pool): Promise<number> {
  try {
    const result = await pool.query<{ n: string }>("select count(*) as n from drizzle.__drizzle_migrations");
    return Number(result.rows[0]?.n ?? 0);
  } catch {
    return 0;
  }
}

/** `PostgreSQL at host:port, database name` — never the user's password. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "(default)";
    return `PostgreSQL at ${parsed.hostname || "localhost"}:${parsed.port || "5432"}, database ${database}`;
  } catch {
    return "PostgreSQL (DATABASE_URL)";
  }
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: "nothing listens there (is the server running?)",
  ENOTFOUND: "the host name is unknown",
  EAI_AGAIN: "the host name cannot be looked up right now",
  ETIMEDOUT: "it did not answer in time",
  "28P01": "it refused the user name or password",
  "28000": "it does not allow this user to connect from here",
  "3D000": "that database does not exist; create it first (createdb)",
  "42501": "the user may not create the tables; grant it CREATE on the database",
};

/** One clear line for a failed connection or migration, naming the server and never the password. */
export function describeConnectError(error: unknown, location: string): DatabaseUnavailable {
  const code = databaseErrorCode(error) ?? "";
  const message = error instanceof Error ? error.message : String(error);
  const reason =
    REASONS[code] ??
    (/timeout/i.test(message) ? "it did not answer in time" : message.replace(/:\/\/[^@\s]*@/g, "://…@"));
  return new DatabaseUnavailable(`Cannot use ${location}: ${reason}. Check DATABASE_URL.`, { cause: error });
}
