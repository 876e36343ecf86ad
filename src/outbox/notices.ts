/**
 * Notices to people through the outbox: recorded (so a mail or chat outage delays them, never loses
 * them), then delivered at once where the caller is; what fails is retried by the outbox like a reminder.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Deps } from "../context.js";
import { deliverOutbox } from "./deliver-outbox.js";
import { NoticePayload, type NoticeTo } from "./notice-payload.js";
import { recordOutbox } from "./record-outbox.js";

export type Notice = NoticePayload & {
  /** Unique per notice: the same key recorded twice is one notice. */
  key: string;
  /** `access.requested`, `access.decided`, `grant.ending`, `managers.few`, `webhook.failing`, `usage.unreadable`, `secret.unused`. */
  type: string;
  /** Shown by `steward remind --status`. */
  recipient: string;
};

/** Records the notices (in the caller's transaction when there is one); returns the new rows' ids. */
export function recordNotices(deps: Pick<Deps, "db">, notices: Notice[], now: Date): Promise<number[]> {
  const { outbox } = deps.db.t;
  const rows = notices.map(({ key, type, recipient, ...payload }) => ({
    key,
    type,
    recipient,
    kind: "notice" as const,
    payload: NoticePayload.parse(payload) as Record<string, unknown>,
  }));
  return deps.db.transaction((tx) => recordOutbox(tx, outbox, rows, now));
}

/**
 * Records the notices only when `claim` (a conditional write returning the rows it wrote) writes a row,
 * in one transaction with it, so they are recorded once, also across replicas; the new rows' ids, or
 * null when the claim was taken before. `notices` is asked only once the claim is this call's.
 */
export function recordNoticesOnce(
  deps: Pick<Deps, "db">,
  claim: () => Promise<readonly unknown[]>,
  notices: () => Notice[] | Promise<Notice[]>,
  now: Date,
): Promise<number[] | null> {
  return deps.db.transaction(async () =>
    (await claim()).length > 0 ? recordNotices(deps, await notices(), now) : null,
  );
}

/**
 * Delivers recorded notices now; those that fail wait in the outbox for their retry. Returns the keys
 * of the notices delivered now.
 */
export async function deliverNow(deps: Deps, ids: number[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  await deliverOutbox(deps, { only: ids }).catch((error: unknown) => {
    deps.log.warn({ err: error }, "notices recorded; delivering them now failed, the outbox retries");
  });
  const { outbox } = deps.db.t;
  const sent = await deps.db
    .select({ key: outbox.key })
    .from(outbox)
    .where(and(inArray(outbox.id, ids), eq(outbox.status, "sent")));
  return new Set(sent.map((r) => r.key));
}

/** Records the notices and delivers them now (see deliverNow). */
export async function sendNotices(deps: Deps, notices: Notice[]): Promise<Set<string>> {
  return deliverNow(deps, await recordNotices(deps, notices, deps.clock.now()));
}

/** A person's notice. */
export const toPerson = (email: string, only?: "slack" | "teams"): NoticeTo =>
  only ? { kind: "person", email, only } : { kind: "person", email };

/** One notice per person, each keyed by `key` and the person's e-mail, all saying the same. */
export const noticesTo = (
  emails: string[],
  key: string,
  type: string,
  content: Pick<NoticePayload, "reply" | "subject" | "mail">,
): Notice[] =>
  emails.map((email) => ({ key: `${key}:${email}`, type, recipient: email, to: toPerson(email), ...content }));
