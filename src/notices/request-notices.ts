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
import { type Notice, sendNotices, toPerson } from "../outbox/notices.js";
import { administratorEmails, organisationManagers } from "../people.js";
import type { ChatPlatform, MessageHandle } from "../ports/notify.js";
import type { AccessRequestView } from "../verbs/find-access-requests.js";

/** Administrators, and for an application the credential managers of its whole organisation; never the requester. */
async function decidersOf(deps: Deps, r: AccessRequestView): Promise<string[]> {
  const managers =
    r.targetKind === "application" ? await organisationManagers(deps.db, r.organisationId, deps.clock.now()) : [];
  const all = new Set([...(await administratorEmails(deps)), ...managers]);
  all.delete(r.requesterEmail);
  return [...all].sort();
}

/**
 * Tells every decider (privately, with Approve and Deny where they are in chat, else by e-mail) and the
 * organisation's alert channels, through the outbox; true when at least one decider was told now (the
 * others, and all of them after an outage, are told when the outbox retries).
 */
export async function announceRequest(deps: Deps, r: AccessRequestView): Promise<boolean> {
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
  const channels = await deps.db.select().from(alertChannels).where(eq(alertChannels.organisationId, r.organisationId));
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
  const told = await sendNotices(deps, notices);
  return deciders.some((email) => told.has(`access.requested:${r.id}:${at}:${email}`));
}

/**
 * After a decision or a lapse: the requester is told where they asked (through the outbox, once), and
 * every decider's message shows the outcome (a best-effort edit: the decision stands either way).
 */
export async function settleRequest(deps: Deps, r: AccessRequestView, endsAt: Date | null): Promise<void> {
  const asked: ChatPlatform | undefined = r.surface === "slack" || r.surface === "teams" ? r.surface : undefined;
  await sendNotices(deps, [
    {
      key: `access.decided:${r.id}:${r.status}:${r.requesterEmail}`,
      type: `access.${r.status}`,
      recipient: r.requesterEmail,
      to: toPerson(r.requesterEmail, asked),
      reply: requestOutcome(r, endsAt),
      subject: requestOutcomeSubject(r),
    },
  ]);
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
