/**
 * One-thing changes to a migrated database, each with the one difference test/db/schema-parity.test.ts
 * must then report: proof that the comparison sees a change of type, nullability, default, index,
 * check, foreign key or column in either dialect.
 */
import type Database from "better-sqlite3";

/** [what changes, the statement (run in a transaction that is rolled back), the difference expected]. */
export const POSTGRES_MUTATIONS: [string, string, string][] = [
  [
    "a column made nullable",
    "alter table client_secrets alter column hint drop not null",
    `client_secrets.hint: sqlite "text not null", postgres "text"`,
  ],
  [
    "a moment without its time zone",
    "alter table access_grants alter column ends_at type timestamp(3)",
    `access_grants.ends_at: sqlite "timestamp", postgres "timestamp without time zone"`,
  ],
  [
    "a default changed",
    "alter table reminder_outbox alter column attempts set default 1",
    `reminder_outbox.attempts: sqlite "integer not null default 0", postgres "integer not null default 1"`,
  ],
  [
    "a unique constraint dropped",
    "alter table people drop constraint people_email_unique",
    `people index people_email_unique: sqlite "unique (email)", postgres none`,
  ],
  [
    "a check dropped",
    "alter table access_grants drop constraint access_grants_one_target",
    `access_grants check access_grants_one_target: sqlite "(application_id IS NULL) <> (organisation_id IS NULL)", postgres none`,
  ],
  [
    "a foreign key dropped",
    "alter table client_secrets drop constraint client_secrets_created_by_people_id_fk",
    `client_secrets foreign key (created_by): sqlite "people(id) on delete set null on update no action", postgres none`,
  ],
];

/**
 * SQLite's ALTER TABLE cannot change a column's type or nullability; those two rewrite the column in
 * the table's CREATE statement instead (writable_schema, on a copy of the file), as a hand-edited
 * migration rebuilding the table would.
 */
function rewriteColumn(table: string, from: string, to: string): (db: Database.Database) => void {
  return (db) => {
    db.unsafeMode(true);
    db.pragma("writable_schema = on");
    const changed = db
      .prepare("update sqlite_master set sql = replace(sql, ?, ?) where type = 'table' and name = ?")
      .run(from, to, table).changes;
    db.pragma("writable_schema = reset");
    db.unsafeMode(false);
    if (
      changed !== 1 ||
      !String(db.prepare("select sql from sqlite_master where name = ?").pluck().get(table)).includes(to)
    )
      throw new Error(`${table} has no ${from} to rewrite`);
  };
}

export const SQLITE_MUTATIONS: [string, (db: Database.Database) => void, string][] = [
  [
    "a column made nullable",
    rewriteColumn("client_secrets", "`hint` text NOT NULL", "`hint` text"),
    `client_secrets.hint: sqlite "text", postgres "text not null"`,
  ],
  [
    "a moment stored as text",
    rewriteColumn("access_grants", "`ends_at` integer", "`ends_at` text"),
    `access_grants.ends_at: sqlite "text, stored for timestamp", postgres "timestamp"`,
  ],
  [
    "a column dropped",
    (db) => db.exec("alter table reminder_outbox drop column note"),
    `reminder_outbox.note: sqlite none, postgres "text"`,
  ],
  [
    "a partial unique index dropped",
    (db) => db.exec("drop index access_requests_open_app_unique"),
    `access_requests index access_requests_open_app_unique: sqlite none, postgres "unique (person_id, application_id) where status = 'open'"`,
  ],
];
