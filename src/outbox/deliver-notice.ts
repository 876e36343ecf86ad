/** Sending one notice from the outbox: to a person (chat, else e-mail) or into an alert channel. */
import { eq } from "drizzle-orm";
import type { Deps } from "../context.js";
import { reachPerson } from "../notices/reach-person.js";
import { NoticePayload } from "./notice-payload.js";

/** Throws DeliveryError when it did not reach anyone, so the outbox tries again. */
export async function deliverNotice(deps: Deps, payload: unknown): Promise<void> {
  const notice = NoticePayload.parse(payload);
  if (notice.to.kind === "channel") {
    const { alertChannels } = deps.db.t;
    const [channel] = await deps.db.select().from(alertChannels).where(eq(alertChannels.id, notice.to.alertChannelId));
    // A channel unsubscribed meanwhile, or a platform no longer configured: nothing to say there.
    if (!channel || !deps.notify.platforms.has(channel.platform)) return;
    await deps.notify.toChannel(channel, notice.reply);
    return;
  }
  const { email, only } = notice.to;
  const reached = await reachPerson(deps, email, notice.reply, notice.subject, only, notice.mail ?? notice.reply);
  const { requestId } = notice;
  if (requestId === undefined || reached.handles.length === 0) return;
  const { requestNotices } = deps.db.t;
  const createdAt = deps.clock.now();
  // Delivered already: a request withdrawn meanwhile only means its outcome cannot be shown there.
  await deps.db
    .transaction((tx) =>
      tx
        .insert(requestNotices)
        .values(reached.handles.map((h) => ({ requestId, platform: h.platform, handle: h.handle, createdAt }))),
    )
    .catch((error: unknown) => deps.log.warn({ err: error }, "could not keep a request notice's message"));
}
