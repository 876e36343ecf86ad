/**
 * The reminder benchmark's data, the same on both databases and written by the database itself (one
 * INSERT … SELECT per table over a generated series), after the real migrations: three secrets per
 * application, ten applications per organisation, one manager (an organisation grant) and one contact
 * per organisation. Expiries spread evenly from 40 days ago to a year ahead; created long before.
 */
import Database from "better-sqlite3";
import pg from "pg";

const DAY = 86_400_000;
export const SECRETS_PER_APP = 3;
const APPS_PER_ORG = 10;

export type Shape = { secrets: number; applications: number; organisations: number };

export function shapeOf(secrets: number): Shape {
  const applications = Math.ceil(secrets / SECRETS_PER_APP);
  return { secrets, applications, organisations: Math.ceil(applications / APPS_PER_ORG) };
}

/**
 * The statements, over a series `n` of 1…count given by `series(count)`; `ms(expr)` turns Unix
 * milliseconds into the dialect's timestamp.
 */
function statements(shape: Shape, now: number, series: (count: number) => string, ms: (expr: string) => string) {
  const created = ms(String(now - 400 * DAY));
  const expires = ms(`${now - 40 * DAY} + ((n * 7919) % 405) * ${DAY} + (n % 86400) * 1000`);
  return [
    `insert into organisations (id, name, created_at) select n, 'Org-' || n, ${ms("0")} from ${series(shape.organisations)}`,
    `insert into people (id, email, created_at) select n, 'manager-' || n || '@example.org', ${ms("0")} from ${series(shape.organisations)}`,
    `insert into access_grants (person_id, organisation_id, role, granted_by, created_at) select n, n, 'manager', 'bench', ${ms("0")} from ${series(shape.organisations)}`,
    `insert into contacts (organisation_id, email, created_at) select n, 'ops-' || n || '@example.org', ${ms("0")} from ${series(shape.organisations)}`,
    `insert into applications (id, organisation_id, name, client_id, provider, created_at)
       select n, (n + ${APPS_PER_ORG - 1}) / ${APPS_PER_ORG}, 'App-' || n, 'client-' || n, 'builtin', ${ms("0")} from ${series(shape.applications)}`,
    `insert into client_secrets (id, application_id, key_id, display_name, hint, created_at, expires_at)
       select n, (n + ${SECRETS_PER_APP - 1}) / ${SECRETS_PER_APP}, 'key-' || n, 'bench', 'sst_abc', ${created}, ${expires}
       from ${series(shape.secrets)}`,
  ];
}

/** Seeds a migrated SQLite file. */
export function seedSqlite(path: string, shape: Shape, now: number): void {
  const c = new Database(path);
  const series = (count: number) =>
    `(with recursive s(n) as (select 1 union all select n + 1 from s where n < ${count}) select n from s)`;
  c.transaction(() => {
    for (const statement of statements(shape, now, series, (expr) => `(${expr})`)) c.exec(statement);
  })();
  c.exec("analyze");
  c.close();
}

/** Seeds a migrated PostgreSQL database, then vacuums and analyses it as autovacuum would in time. */
export async function seedPostgres(url: string, shape: Shape, now: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const series = (count: number) => `generate_series(1::bigint, ${count}) as s(n)`;
    const ms = (expr: string) => `to_timestamp((${expr})::bigint / 1000.0)`;
    // The test cluster commits asynchronously. Here every commit (the load's, and each table's ANALYZE
    // within the vacuum) waits for its WAL: else the vacuum may not yet set the hint bits that let it
    // mark pages visible to all, and index-only scans would still visit the heap, as they would not on
    // a settled database (which pages missed out varied from run to run).
    await client.query("set synchronous_commit = on");
    await client.query("begin");
    // Bulk load as a restore does: no per-row triggers (the change signal's) and no per-row foreign-key
    // checks; the data is consistent by construction.
    await client.query("set local session_replication_role = replica");
    for (const statement of statements(shape, now, series, ms)) await client.query(statement);
    // The ids were given explicitly: the identity sequences move past them, as after real inserts.
    for (const table of ["organisations", "people", "applications", "client_secrets"]) {
      await client.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
    }
    await client.query("commit");
    await client.query("vacuum analyze");
  } finally {
    await client.end();
  }
}
