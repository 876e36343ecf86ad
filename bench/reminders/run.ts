/**
 * Plans a reminder pass over a large database and prints the time and peak memory of planning (which
 * reminders are due, and for whom) and of recording them in the outbox. Run: npm run bench:reminders
 * Two sizes are measured so the memory figure can be compared: it should follow the batch size, not
 * the number of secrets.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import type { Db } from "../../db/database.js";
import { openSqlite } from "../../db/sqlite/sqlite-database.js";
import { findDueReminders, type PlanningOptions } from "../../src/jobs/find-due-reminders.js";
import { recordReminders } from "../../src/jobs/record-reminders.js";

const DAY = 86_400_000;
const NOW = new Date("2027-03-24T09:00:00Z");

/** Seeds straight through better-sqlite3 (after the real migrations), for speed. */
async function seed(path: string, applications: number, secretsPerApp: number): Promise<void> {
  await openSqlite(path).close();
  const c = new Database(path);
  c.transaction(() => {
    const org = c.prepare("insert into organisations (id, name, created_at) values (?, ?, 0)");
    const app = c.prepare(
      "insert into applications (id, organisation_id, name, client_id, provider, created_at) values (?, ?, ?, ?, 'builtin', 0)",
    );
    const person = c.prepare("insert into people (id, email, created_at) values (?, ?, 0)");
    const grant = c.prepare(
      "insert into access_grants (person_id, organisation_id, role, granted_by, created_at) values (?, ?, 'manager', 'bench', 0)",
    );
    const contact = c.prepare("insert into contacts (organisation_id, email, created_at) values (?, ?, 0)");
    const secret = c.prepare(
      "insert into client_secrets (application_id, key_id, display_name, hint, created_at, expires_at) values (?, ?, 'bench', 'sst_abc', ?, ?)",
    );
    const orgs = Math.ceil(applications / 10);
    for (let o = 1; o <= orgs; o++) {
      org.run(o, `Org-${o}`);
      person.run(o, `manager-${o}@example.org`);
      grant.run(o, o);
      contact.run(o, `ops-${o}@example.org`);
    }
    let n = 0;
    for (let a = 1; a <= applications; a++) {
      app.run(a, Math.ceil(a / 10), `App-${a}`, `client-${a}`);
      for (let s = 0; s < secretsPerApp; s++) {
        n++;
        // Expiries spread evenly from 40 days ago to a year ahead; created long before.
        const expires = NOW.getTime() - 40 * DAY + ((n * 7919) % 405) * DAY + (n % 86_400) * 1000;
        secret.run(a, `key-${n}`, NOW.getTime() - 400 * DAY, expires);
      }
    }
  })();
  c.close();
}

async function measure(label: string, work: () => Promise<number>): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  const start = performance.now();
  const count = await work();
  const ms = performance.now() - start;
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const mb = (peak - before) / 1024 / 1024;
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms   peak heap +${mb.toFixed(1).padStart(6)} MiB   ${count} reminders`,
  );
}

async function run(applications: number, secretsPerApp: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "steward-bench-"));
  const path = join(dir, "steward.db");
  await seed(path, applications, secretsPerApp);
  const db: Db = openSqlite(path);
  const options: PlanningOptions = {
    now: NOW,
    reminderDays: [30, 14, 7, 3, 1],
    timeZone: "Europe/Amsterdam",
    fallbackEmails: [],
  };
  const size = `${applications.toLocaleString("en")} apps, ${(applications * secretsPerApp).toLocaleString("en")} secrets`;
  const plan = async () => {
    let due = 0;
    for await (const batch of findDueReminders(db, options)) due += batch.length;
    return due;
  };
  await measure(`plan (${size})`, plan);
  // The first pass above also pays for compiling the code path; the next ones show the steady state.
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await plan();
    warm.push(performance.now() - start);
  }
  const median = warm.sort((a, b) => a - b)[1] ?? 0;
  console.log(`${"  again, median of 3".padEnd(44)} ${median.toFixed(0).padStart(6)} ms`);
  // Live memory while planning: garbage collected after each batch, the largest heap still in use
  // (absolute, so the two sizes can be compared directly).
  let live = 0;
  for await (const batch of findDueReminders(db, options)) {
    global.gc?.();
    live = Math.max(live, process.memoryUsage().heapUsed);
    if (batch.length < 0) break; // keeps the batch alive while measuring
  }
  console.log(
    `${"  live heap while planning (after GC)".padEnd(44)} ${(live / 1024 / 1024).toFixed(1).padStart(6)} MiB at most`,
  );
  await measure(`plan + record claims (${size})`, async () => {
    let rows = 0;
    for await (const batch of findDueReminders(db, options)) rows += await recordReminders(db, batch, NOW);
    return rows;
  });
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`Reminder planning on Node ${process.version}; batches of 5,000 secrets.`);
await run(10_000, 3);
await run(100_000, 3);
console.log(
  "Target: planning the large pass under 1 s; live memory about the same for both sizes (bounded by the batch).",
);
