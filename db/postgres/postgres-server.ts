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
};

/** The user and database named in the URL, for advice that names them. */
function namesIn(url: string): { user: string; database: string } {
  try {
    const parsed = new URL(url);
    return {
      user: decodeURIComponent(parsed.username) || "the user",
      database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "the database",
    };
  } catch {
    return { user: "the user", database: "the database" };
  }
}

/**
 * What to do when the server refuses to create the tables (42501). Since PostgreSQL 15 the `public` schema
 * is writable only by the database's owner, so CREATE on the database alone is not enough.
 */
function permissionAdvice(message: string, url: string): string {
  const { user, database } = namesIn(url);
  const fix = `make ${user} the database's owner (ALTER DATABASE ${database} OWNER TO ${user}), or, connected to ${database}, GRANT CREATE ON SCHEMA public TO ${user} (see README, Running several replicas)`;
  if (/schema public/i.test(message)) {
    return `${user} may not create tables in schema public (PostgreSQL 15 and later allow only the database's owner); ${fix}`;
  }
  if (/for database/i.test(message)) {
    return `${user} may not create the bot's schemas in ${database}; make it the database's owner (ALTER DATABASE ${database} OWNER TO ${user}), or GRANT CREATE ON DATABASE ${database} TO ${user} and, connected to ${database}, GRANT CREATE ON SCHEMA public TO ${user}`;
  }
  return `${user} may not create the tables; ${fix}`;
}

/** The server's own words, looking through drizzle's "Failed query" wrapper to the error that has a code. */
function serverMessage(error: unknown): string {
  for (let e: unknown = error; e instanceof Error; e = e instanceof AggregateError ? e.errors[0] : e.cause) {
    if (typeof (e as { code?: unknown }).code === "string") return e.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** One clear line for a failed connection or migration, naming the server and never the password. */
export function describeConnectError(error: unknown, location: string, url = ""): DatabaseUnavailable {
  const code = databaseErrorCode(error) ?? "";
  const message = serverMessage(error);
  if (code === "42501") {
    return new DatabaseUnavailable(`Cannot use ${location}: ${permissionAdvice(message, url)}.`, { cause: error });
  }
  const role = /role "([^"]*)" does not exist/.exec(message);
  const reason = role
    ? `there is no role (user) ${role[1]}; create it first (CREATE ROLE ${role[1]} LOGIN PASSWORD '…', see README, Running several replicas)`
    : (REASONS[code] ??
      (/timeout/i.test(message) ? "it did not answer in time" : message.replace(/:\/\/[^@\s]*@/g, "://…@")));
  return new DatabaseUnavailable(`Cannot use ${location}: ${reason}. Check DATABASE_URL.`, { cause: error });
}
