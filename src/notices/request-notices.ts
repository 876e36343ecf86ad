/**
 * Telling people about an access request: the deciders when it is asked (privately, with Approve and
 * Deny where they are in chat, else by e-mail), the organisation's alert channels in one line, and
 * when it is decided or lapses, the requester (where they asked) and every decider's message (now
 * showing the outcome). Delivery is best effort and never undoes the request or the decision.
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
import { administratorEmails, organisationManagers } from "../people.js";
import type { ChatPlatform, MessageHandle } from "../ports/notify.js";
import type { AccessRequestView } from "../verbs/find-access-requests.js";
import { reachPerson } from "./reach-person.js";

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

/** Tells every decider and the alert channels; true when at least one decider was reached. */
export async function announceRequest(deps: Deps, r: AccessRequestView): Promise<boolean> {
  const { alertChannels, requestNotices } = deps.db.t;
  let isReached = false;
  for (const email of await decidersOf(deps, r)) {
    const mail = requestMail(r, deps.notify.platforms);
    const reached = await reachPerson(deps, email, requestNotice(r), requestMailSubject(r), undefined, mail);
    isReached ||= reached.isMailed || reached.handles.length > 0;
    if (reached.handles.length > 0) {
      await deps.db.transaction((tx) =>
        tx.insert(requestNotices).values(
          reached.handles.map((h) => ({
            requestId: r.id,
            platform: h.platform,
            handle: h.handle,
            createdAt: deps.clock.now(),
          })),
        ),
      );
    }
  }
  // The organisation's alert channels hear of it; a name that is no application has none.
  const channels =
    r.organisationId === null
      ? []
      : await deps.db.select().from(alertChannels).where(eq(alertChannels.organisationId, r.organisationId));
  for (const channel of channels) {
    if (!deps.notify.platforms.has(channel.platform)) continue;
    await deps.notify.toChannel(channel, requestAnnouncement(r)).catch((error: unknown) => {
      deps.log.warn({ platform: channel.platform, error: (error as Error).message }, "could not announce a request");
    });
  }
  return isReached;
}

/** After a decision or a lapse: the requester is told where they asked, and every decider's message shows it. */
export async function settleRequest(deps: Deps, r: AccessRequestView, endsAt: Date | null): Promise<void> {
  const asked: ChatPlatform | undefined = r.surface === "slack" || r.surface === "teams" ? r.surface : undefined;
  await reachPerson(deps, r.requesterEmail, requestOutcome(r, endsAt), requestOutcomeSubject(r), asked);
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
