/**
 * The gauges that describe shared state — the outbox, expiring secrets — and the connection pool, read
 * when Prometheus scrapes, so they are as current as the scrape. A read that fails leaves the last value
 * (and a warning), so one slow database does not fail the whole scrape.
 */
import { Gauge, type Registry } from "prom-client";
import type { Db } from "../../db/database.js";
import { credentialKinds } from "../../db/vocabulary.js";
import { EXPIRY_WITHIN_DAYS, expiringCounts, outboxBacklog } from "../../src/jobs/outbox-backlog.js";
import type { Logger } from "../../src/log.js";
import type { Clock } from "../../src/ports/clock.js";
import { onceAtATime } from "./once-at-a-time.js";

export type MetricsSources = { db: Db; clock: Clock; log: Logger };

/** The gauges read from the database on each scrape (one read shared by the gauges that need it). */
export function registerScrapeGauges(registers: Registry[], { db, clock, log }: MetricsSources): void {
  const warn = (error: unknown) =>
    log.warn({ err: error }, "a metric could not be read; the scrape shows its last value");
  const backlog = onceAtATime(() => outboxBacklog(db));
  new Gauge({
    name: "steward_outbox_pending",
    help: "Outbox deliveries (reminders) not yet delivered: waiting, retrying or being sent.",
    registers,
    async collect() {
      await backlog().then((b) => this.set(b.pending), warn);
    },
  });
  new Gauge({
    name: "steward_outbox_oldest_pending_age_seconds",
    help: "How long the oldest undelivered outbox entry has been due; 0 when none waits.",
    registers,
    async collect() {
      const now = clock.now().getTime();
      await backlog().then(
        (b) => this.set(b.oldestDueAt ? Math.max(0, (now - b.oldestDueAt.getTime()) / 1000) : 0),
        warn,
      );
    },
  });
  new Gauge({
    name: "steward_outbox_failed",
    help: "Outbox deliveries that failed for good (steward remind --status lists them).",
    registers,
    async collect() {
      await backlog().then((b) => this.set(b.failed), warn);
    },
  });
  new Gauge({
    name: "steward_client_secrets_expiring",
    help: "Active client secrets and certificates expiring within within_days days (0: already expired), by kind.",
    labelNames: ["kind", "within_days"],
    registers,
    async collect() {
      await expiringCounts(db, clock.now()).then((counts) => {
        for (const kind of credentialKinds) {
          for (const days of EXPIRY_WITHIN_DAYS) {
            this.set({ kind, within_days: String(days) }, counts.get(kind)?.get(days) ?? 0);
          }
        }
      }, warn);
    },
  });
  const pool = (name: string, help: string, read: (p: ReturnType<Db["pool"]>) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read(db.pool()));
      },
    });
  pool("steward_db_pool_max_connections", "Most database connections this process opens.", (p) => p.max);
  pool("steward_db_pool_open_connections", "Database connections open now.", (p) => p.open);
  pool("steward_db_pool_busy_connections", "Database connections in use now.", (p) => p.busy);
  pool("steward_db_pool_waiting", "Queries or transactions waiting for a connection now.", (p) => p.waiting);
}
