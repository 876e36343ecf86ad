/**
 * Telling people about an access request: the deciders when it is asked (privately, with Approve and
 * Deny where they are in chat, else by e-mail), the organisation's alert channels in one line, and
 * when it is decided or lapses, the requester (where they asked) and every decider's message (now
 * showing the outcome). Notices go through the outbox (retried after an outage, never twice); none of
 * it ever undoes the request or the decision.
 */
import { eq } from "drizzle-orm";
import type { Deps } from "../context.js";
import {
  requestAnnouncement,
  requestDecidedNotice,
  requestMail,
  requestMailSubject,
  requestNotice,
  requestOutcome,
  requestOutcomeSubject,
} from "../messages/requests.js";
import { deliverNow, type Notice, recordNotices, toPerson } from "../outbox/notices.js";
import { administratorEmails, organisationManagers } from "../people.js";
import type { ChatPlatform, MessageHandle } from "../ports/notify.js";
import type { AccessRequestView } from "../verbs/find-access-requests.js";

/**
 * Administrators, and for an application the credential managers of its whole organisation; never the
 * requester. A name that is no application goes to the administrators alone, who see every application.
 */
async function decidersOf(deps: Deps, r: AccessRequestView): Promise<string[]> {
  const managers =
    r.targetKind === "application" && r.organisationId !== null
      ? await organisationManagers(deps.db, r.organisationId, deps.clock.now())
      : [];
  const all = new Set([...(await administratorEmails(deps)), ...managers]);
  all.delete(r.requesterEmail);
  return [...all].sort();
}

/** What `recordAnnouncement` recorded: the rows to deliver, and which of them go to deciders. */
export type Announcement = { ids: number[]; deciderKeys: string[] };

/**
 * Records the notices of a new (or updated) request — every decider privately (with Approve and Deny
 * where they are in chat, else by e-mail), and the organisation's alert channels in one line — in the
 * caller's transaction when there is one, so they exist exactly when the request does.
 */
export async function recordAnnouncement(deps: Deps, r: AccessRequestView): Promise<Announcement> {
  const { alertChannels } = deps.db.t;
  const at = deps.clock.now().getTime();
  const deciders = await decidersOf(deps, r);
  const mail = requestMail(r, deps.notify.platforms);
  const notices: Notice[] = deciders.map((email) => ({
    key: `access.requested:${r.id}:${at}:${email}`,
    type: "access.requested",
    recipient: email,
    to: toPerson(email),
    reply: requestNotice(r),
    subject: requestMailSubject(r),
    mail,
    requestId: r.id,
  }));
  const deciderKeys = notices.map((n) => n.key);
  // The organisation's alert channels hear of it; a name that is no application has none.
  const channels =
    r.organisationId === null
      ? []
      : await deps.db.select().from(alertChannels).where(eq(alertChannels.organisationId, r.organisationId));
  for (const channel of channels) {
    notices.push({
      key: `access.requested:${r.id}:${at}:channel:${channel.id}`,
      type: "access.requested",
      recipient: `${channel.platform} ${channel.workspace}/${channel.channelId}`,
      to: { kind: "channel", alertChannelId: channel.id },
      reply: requestAnnouncement(r),
      subject: requestMailSubject(r),
    });
  }
  return { ids: await recordNotices(deps, notices, deps.clock.now()), deciderKeys };
}

/** Delivers a recorded announcement now; true when at least one decider was told now (the rest follow by retry). */
export async function deliverAnnouncement(deps: Deps, announcement: Announcement): Promise<boolean> {
  const told = await deliverNow(deps, announcement.ids);
  return announcement.deciderKeys.some((key) => told.has(key));
}

/** Records the requester's notice of a decision or a lapse, in the caller's transaction when there is one. */
export function recordOutcome(deps: Deps, r: AccessRequestView, endsAt: Date | null): Promise<number[]> {
  const asked: ChatPlatform | undefined = r.surface === "slack" || r.surface === "teams" ? r.surface : undefined;
  const notice: Notice = {
    key: `access.decided:${r.id}:${r.status}:${r.requesterEmail}`,
    type: `access.${r.status}`,
    recipient: r.requesterEmail,
    to: toPerson(r.requesterEmail, asked),
    reply: requestOutcome(r, endsAt),
    subject: requestOutcomeSubject(r),
  };
  return recordNotices(deps, [notice], deps.clock.now());
}

/**
 * After a decision or a lapse whose outcome notice was recorded: delivers it (where they asked, once),
 * and every decider's message shows the outcome (a best-effort edit: the decision stands either way).
 */
export async function settleRequest(deps: Deps, r: AccessRequestView, endsAt: Date | null, ids: number[]) {
  await deliverNow(deps, ids);
  const { requestNotices } = deps.db.t;
  const notices = await deps.db.select().from(requestNotices).where(eq(requestNotices.requestId, r.id));
  for (const notice of notices) {
    const handle: MessageHandle = { platform: notice.platform, handle: notice.handle };
    await deps.notify.update(handle, requestDecidedNotice(r, endsAt)).catch((error: unknown) => {
      deps.log.warn(
        { platform: notice.platform, error: (error as Error).message },
        "could not update a request notice",
      );
    });
  }
}
