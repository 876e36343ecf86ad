/**
 * A chat user (Slack or Teams) is a person through their e-mail address, so the same person has the
 * same grants everywhere. The mapping is cached in chat_identities and asked of the platform again
 * after a day, so a changed address is picked up; grants are always looked up fresh by e-mail.
 */
import { isDeepStrictEqual } from "node:util";
import { and, eq } from "drizzle-orm";
import type { Deps, PersonActor } from "./context.js";
import { AppError } from "./errors.js";
import { DAY_MS } from "./messages/format.js";
import { hasControlCharacters } from "./names.js";
import { actorFor, personActor } from "./people.js";

export const IDENTITY_REFRESH_MS = DAY_MS;

export type ChatUser = {
  platform: "slack" | "teams";
  workspace: string;
  userId: string;
  /** How to reach this person privately later (access requests, their outcome); kept up to date. */
  address?: Record<string, unknown>;
};
export type ChatProfile = { email: string; name?: string };

export type AskPlatform = {
  /** Asks the platform who the user is; throws AppError for answers that refuse them (no e-mail, a bot). */
  ask: () => Promise<ChatProfile>;
  /** Log fields describing a failed ask (never a token or a body). */
  describe: (error: unknown) => Record<string, unknown>;
  /** What to throw when the platform could not be asked and the user is not known yet. */
  unavailable: (error: unknown) => unknown;
};

/** The known mapping with its person and whether the administrators table lists them: one query per command. */
async function cached(deps: Deps, user: ChatUser) {
  const { chatIdentities, people, administrators } = deps.db.t;
  const [row] = await deps.db
    .select({
      id: people.id,
      email: people.email,
      displayName: people.displayName,
      adminSince: administrators.createdAt,
      refreshedAt: chatIdentities.refreshedAt,
      address: chatIdentities.address,
    })
    .from(chatIdentities)
    .innerJoin(people, eq(people.id, chatIdentities.personId))
    .leftJoin(administrators, eq(administrators.personId, people.id))
    .where(
      and(
        eq(chatIdentities.platform, user.platform),
        eq(chatIdentities.workspace, user.workspace),
        eq(chatIdentities.userId, user.userId),
      ),
    )
    .limit(1);
  return row;
}

/**
 * The actor for a chat user. When the platform cannot be asked, a known mapping (even an old one) is
 * used rather than turning the person away.
 */
export async function chatActor(deps: Deps, user: ChatUser, platform: AskPlatform): Promise<PersonActor> {
  const known = await cached(deps, user);
  const now = deps.clock.now();
  if (known && now.getTime() - known.refreshedAt.getTime() < IDENTITY_REFRESH_MS) {
    // Compared as values: PostgreSQL's jsonb gives the stored address back with its keys in its own order.
    if (user.address && !isDeepStrictEqual(user.address, known.address)) {
      await remember(deps, user, { address: user.address });
    }
    return personActor(deps, known, known.adminSince !== null, user.platform);
  }
  let profile: ChatProfile;
  try {
    profile = await platform.ask();
  } catch (error) {
    if (error instanceof AppError) throw error;
    deps.log.warn({ ...platform.describe(error), user: user.userId }, "could not ask the chat platform who this is");
    if (!known) throw platform.unavailable(error);
    return actorFor(deps, { email: known.email, surface: user.platform });
  }
  // A platform name with control characters is not used: "Secret by …" falls back to the e-mail's name.
  const name = profile.name && !hasControlCharacters(profile.name) ? profile.name : null;
  if (profile.name && !name) deps.log.debug({ user: user.userId }, "a chat name with control characters is not used");
  const actor = await actorFor(deps, { email: profile.email, displayName: name, surface: user.platform });
  await remember(deps, user, {
    personId: actor.personId,
    refreshedAt: now,
    ...(user.address ? { address: user.address } : {}),
  });
  return actor;
}

async function remember(
  deps: Deps,
  user: ChatUser,
  set: { personId?: number; refreshedAt?: Date; address?: Record<string, unknown> },
): Promise<void> {
  const { chatIdentities } = deps.db.t;
  const key = [chatIdentities.platform, chatIdentities.workspace, chatIdentities.userId];
  if (set.personId === undefined || set.refreshedAt === undefined) {
    await deps.db.transaction((tx) =>
      tx
        .update(chatIdentities)
        .set(set)
        .where(
          and(
            eq(chatIdentities.platform, user.platform),
            eq(chatIdentities.workspace, user.workspace),
            eq(chatIdentities.userId, user.userId),
          ),
        ),
    );
    return;
  }
  const row = { ...user, personId: set.personId, refreshedAt: set.refreshedAt, address: user.address ?? null };
  await deps.db.transaction((tx) => tx.insert(chatIdentities).values(row).onConflictDoUpdate({ target: key, set }));
}
