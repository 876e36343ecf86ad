/**
 * Delivering the outbox: claims due rows (one claim per row, so across replicas each message is sent by
 * one of them), sends each, and marks it sent or due again. A process killed between claim and mark
 * leaves its rows claimed; after CLAIM_TTL_MS any delivery run takes them up again — at least once,
 * at most that one message twice. A webhook that gives up is reported to the administrators.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, lt, lte } from "drizzle-orm";
import type { Deps } from "../context.js";
import { DeliveryError } from "../ports/mailer.js";
import type { WebhookPoster } from "../ports/webhook-poster.js";
import { deliverNotice } from "./deliver-notice.js";
import { deliverWebhook, webhookDelivered, webhookFailed } from "./deliver-webhook.js";
import { nextAttemptAt } from "./outbox-retry.js";

/** Longer than any one delivery may take (webhooks time out after 10 s, SMTP's own timeouts are minutes). */
export const CLAIM_TTL_MS = 10 * 60_000;
const BATCH = 20;
/** Enough for any burst; what is left waits for the next run (five seconds later on a server). */
const MAX_PER_RUN = 500;

export type OutboxDeps = Deps & {
  /** Without it, webhook deliveries are left for a process that has it (the server, `steward remind`). */
  webhooks?: { poster: WebhookPoster; pepper: Buffer };
  random?: () => number;
};

export type OutboxReport = { sent: number; retrying: number; failed: number; recovered: number };

type ClaimedRow = Awaited<ReturnType<typeof claim>>[number];

/** Delivers what is due (only the rows `only` names, when given); never throws for one message's failure. */
export async function deliverOutbox(deps: OutboxDeps, options: { only?: number[] } = {}): Promise<OutboxReport> {
  const report: OutboxReport = { sent: 0, retrying: 0, failed: 0, recovered: await releaseStale(deps) };
  for (let n = 0; n < MAX_PER_RUN; ) {
    const candidates = await dueIds(deps, options.only);
    if (candidates.length === 0) break;
    // One claim per row: a replica busy with a slow receiver leaves the next rows to the other replicas.
    for (const id of candidates) {
      const [row] = await claim(deps, id);
      if (!row) continue; // another replica (or run) took it
      await deliverRow(deps, row, report);
      n++;
    }
  }
  return report;
}

async function releaseStale(deps: OutboxDeps): Promise<number> {
  const { outbox } = deps.db.t;
  const before = new Date(deps.clock.now().getTime() - CLAIM_TTL_MS);
  const isStale = and(eq(outbox.status, "claimed"), lt(outbox.claimedAt, before));
  // Read first: the server runs this every five seconds, and a write (SQLite's lock) only when needed.
  if ((await deps.db.select({ id: outbox.id }).from(outbox).where(isStale).limit(1)).length === 0) return 0;
  const released = await deps.db.transaction((tx) =>
    tx.update(outbox).set({ status: "pending", claimToken: null }).where(isStale).returning({ id: outbox.id }),
  );
  return released.length;
}

async function dueIds(deps: OutboxDeps, only: number[] | undefined): Promise<number[]> {
  const { outbox } = deps.db.t;
  const due = and(
    eq(outbox.status, "pending"),
    lte(outbox.nextAttemptAt, deps.clock.now()),
    deps.webhooks ? undefined : eq(outbox.kind, "notice"),
    only ? inArray(outbox.id, only) : undefined,
  );
  const rows = await deps.db.select({ id: outbox.id }).from(outbox).where(due).orderBy(asc(outbox.id)).limit(BATCH);
  return rows.map((r) => r.id);
}

function claim(deps: OutboxDeps, id: number) {
  const { outbox } = deps.db.t;
  const now = deps.clock.now();
  return deps.db.transaction((tx) =>
    tx
      .update(outbox)
      .set({ status: "claimed", claimToken: randomUUID(), claimedAt: now })
      .where(and(eq(outbox.id, id), eq(outbox.status, "pending")))
      .returning(),
  );
}

async function deliverRow(deps: OutboxDeps, row: ClaimedRow, report: OutboxReport): Promise<void> {
  const { outbox } = deps.db.t;
  const mine = and(eq(outbox.id, row.id), eq(outbox.claimToken, row.claimToken ?? ""));
  try {
    if (row.kind === "notice") await deliverNotice(deps, row.payload);
    else if (deps.webhooks) await deliverWebhook(deps, deps.webhooks, row);
    const at = deps.clock.now();
    await deps.db.transaction(async (tx) => {
      await tx
        .update(outbox)
        .set({ status: "sent", deliveredAt: at, attempts: row.attempts + 1, claimToken: null, lastError: null })
        .where(mine);
      if (row.kind === "webhook" && row.webhookId !== null) await webhookDelivered(tx, deps, row.webhookId);
    });
    report.sent++;
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message, true);
    const now = deps.clock.now();
    const attempts = row.attempts + 1;
    const next = failure.isTransient
      ? nextAttemptAt({ ...row, attempts }, now, deps.random ?? Math.random, failure.retryAfterSeconds)
      : null;
    deps.log.warn({ kind: row.kind, type: row.type, error: failure.message, attempts }, "outbox message not delivered");
    await deps.db.transaction((tx) =>
      tx
        .update(outbox)
        .set({
          status: next ? "pending" : "failed",
          attempts,
          nextAttemptAt: next ?? now,
          claimToken: null,
          lastError: next ? failure.message : `gave up: ${failure.message}`,
        })
        .where(mine),
    );
    if (next) report.retrying++;
    else report.failed++;
    if (row.kind === "webhook" && row.webhookId !== null) {
      await webhookFailed(deps, row.webhookId, failure.message, next === null);
    }
  }
}
