/**
 * Reaching one person privately, where the bot knows them: a direct message on every chat platform
 * they have used with the bot (and that is configured), otherwise an e-mail. A failure on one way is
 * logged and the next is tried; when none worked it throws, so the outbox tries again later.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Deps } from "../context.js";
import { DeliveryError } from "../ports/mailer.js";
import type { ChatPlatform, MessageHandle } from "../ports/notify.js";
import type { Reply } from "../reply.js";

export type Reached = { handles: MessageHandle[]; isMailed: boolean };

/**
 * Tells the person with this e-mail: `reply` in chat (only on `only` when given), else `mail` (by default
 * the same reply) under `subject`. Throws DeliveryError when neither chat nor mail reached them.
 */
export async function reachPerson(
  deps: Deps,
  email: string,
  reply: Reply,
  subject: string,
  only?: ChatPlatform,
  mail: Reply = reply,
): Promise<Reached> {
  const { chatIdentities, people } = deps.db.t;
  const platforms = [...deps.notify.platforms].filter((p) => only === undefined || p === only);
  const addresses =
    platforms.length === 0
      ? []
      : await deps.db
          .select({ platform: chatIdentities.platform, address: chatIdentities.address })
          .from(chatIdentities)
          .innerJoin(people, eq(people.id, chatIdentities.personId))
          .where(and(eq(people.email, email), inArray(chatIdentities.platform, platforms)));
  const handles: MessageHandle[] = [];
  for (const { platform, address } of addresses) {
    if (!address || platform === "console") continue;
    try {
      const handle = await deps.notify.toPerson({ platform, address }, reply);
      if (handle) handles.push(handle);
    } catch (error) {
      deps.log.warn({ platform, error: (error as Error).message }, "could not reach a person in chat; trying e-mail");
    }
  }
  if (handles.length > 0) return { handles, isMailed: false };
  try {
    await deps.notify.mail(email, subject, mail);
    return { handles, isMailed: true };
  } catch (error) {
    deps.log.warn({ error: (error as Error).message }, "could not e-mail a person");
    if (error instanceof DeliveryError) throw error;
    throw new DeliveryError((error as Error).message, true);
  }
}
