/**
 * Plans a reminder pass over a large database, on SQLite and on PostgreSQL (a throwaway cluster this
 * bench starts and stops, as the tests do), and prints the time of planning (which reminders are due,
 * and for whom) and of planning plus recording them in the outbox, with the heap before, after and at
 * its peak: live memory follows the batch size, not the number of secrets.
 *
 * Run: npm run bench:reminders [-- --secrets 1000000] [-- --database sqlite|postgres|both]
 * (seeding a million secrets takes a few seconds per database; the target is planning a million in
 * under 2 s on SQLite and 4 s on PostgreSQL, median of three passes, with the live heap flat)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Db } from "../../db/database.js";
import { openDatabase } from "../../db/open.js";
import { findDueReminders, type PlanningOptions } from "../../src/jobs/find-due-reminders.js";
import { recordReminders } from "../../src/jobs/record-reminders.js";
import { adminQuery, type Cluster, startCluster } from "../../test/helpers/postgres-cluster.js";
import { heapFigures, livePeak, median, processTreeCpuMs, timed } from "./measure.js";
import { type Shape, seedPostgres, seedSqlite, shapeOf } from "./seed.js";

const NOW = new Date("2027-03-24T09:00:00Z");
const TARGET_MS = { sqlite: 2_000, postgres: 4_000 } as const;
type Dialect = keyof typeof TARGET_MS;

const options: PlanningOptions = {
  now: NOW,
  reminderDays: [30, 14, 7, 3, 1],
  timeZone: "Europe/Amsterdam",
  fallbackEmails: [],
};

const plan = async (db: Db) => {
  let due = 0;
  for await (const batch of findDueReminders(db, options)) due += batch.length;
  return due;
};

const line = (label: string, text: string) => console.log(`  ${label.padEnd(40)} ${text}`);

/** Measures one seeded database; true when planning met the dialect's target. */
async function measure(dialect: Dialect, db: Db, shape: Shape, serverCpu?: () => number | undefined): Promise<boolean> {
  console.log(
    `${dialect}: ${shape.secrets.toLocaleString("en")} secrets, ${shape.applications.toLocaleString("en")} applications`,
  );
  const first = await heapFigures(() => plan(db));
  line("plan, first pass (compiles the path)", `${first.ms.toFixed(0).padStart(6)} ms   ${first.result} reminders`);
  const passes = [];
  const serverCpus: number[] = [];
  for (let i = 0; i < 3; i++) {
    const serverBefore = serverCpu?.();
    passes.push(await timed(() => plan(db)));
    const serverAfter = serverCpu?.();
    if (serverBefore !== undefined && serverAfter !== undefined) serverCpus.push(serverAfter - serverBefore);
  }
  const ms = median(passes.map((p) => p.ms));
  const each = passes.map((p) => p.ms.toFixed(0)).join(", ");
  const cpu = `this process's CPU ${median(passes.map((p) => p.cpuMs)).toFixed(0)} ms`;
  const server = serverCpus.length > 0 ? `, PostgreSQL's ${median(serverCpus).toFixed(0)} ms` : "";
  line("plan, median of 3 passes", `${ms.toFixed(0).padStart(6)} ms   (${each}; ${cpu}${server})`);
  const heap = await heapFigures(() => plan(db));
  line("heap before / after / peak (sampled)", heap.text);
  const live = await livePeak(findDueReminders(db, options));
  line("live heap while planning (GC per batch)", `${live.toFixed(1).padStart(6)} MiB at most`);
  const recorded = await timed(async () => {
    let rows = 0;
    for await (const batch of findDueReminders(db, options)) rows += await recordReminders(db, batch, NOW);
    return rows;
  });
  line("plan + record claims (once)", `${recorded.ms.toFixed(0).padStart(6)} ms   ${recorded.result} outbox rows`);
  const holds = ms < TARGET_MS[dialect];
  line("target", `plan < ${TARGET_MS[dialect]} ms: ${holds ? "HOLDS" : "DOES NOT HOLD"}`);
  return holds;
}

async function onSqlite(shape: Shape): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "steward-bench-"));
  try {
    const path = join(dir, "steward.db");
    await (await openDatabase({ databasePath: path })).close();
    seedSqlite(path, shape, NOW.getTime());
    const db = await openDatabase({ databasePath: path });
    try {
      await measure("sqlite", db, shape);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(shape: Shape): Promise<void> {
  let cluster: Cluster | undefined;
  const stop = () => cluster?.stop();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }
  try {
    cluster = await startCluster();
    await adminQuery(cluster, "create database steward");
    const url = cluster.urlFor("steward");
    await (await openDatabase({ databasePath: "", databaseUrl: url })).close();
    await seedPostgres(url, shape, NOW.getTime());
    const db = await openDatabase({ databasePath: "", databaseUrl: url });
    try {
      const postmaster = Number(readFileSync(join(cluster.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      await measure("postgres", db, shape, () => processTreeCpuMs(postmaster));
    } finally {
      await db.close();
    }
  } finally {
    stop();
  }
}

const { values } = parseArgs({
  options: { secrets: { type: "string", default: "1000000" }, database: { type: "string", default: "both" } },
});
const secrets = Number(values.secrets);
if (!Number.isInteger(secrets) || secrets < 1) throw new Error("--secrets takes a whole number, e.g. 1000000");
if (!["sqlite", "postgres", "both"].includes(values.database))
  throw new Error("--database takes sqlite, postgres or both");
console.log(`Reminder planning on Node ${process.version}; batches of 5,000 secrets.`);
const shape = shapeOf(secrets);
if (values.database !== "postgres") await onSqlite(shape);
if (values.database !== "sqlite") await onPostgres(shape);
