/**
 * A Slack user is a person through their e-mail address (users.info, scope users:read.email), so the
 * same person has the same grants on Slack, Teams and the console. The mapping is kept in the chat
 * identities table and asked of Slack again after a day, so a changed address is picked up.
 */
import type { webApi } from "@slack/bolt";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { chatIdentities, people } from "../../db/schema.js";
import { actorFor } from "../../src/access.js";
import type { Actor, Deps } from "../../src/context.js";
import { AppError } from "../../src/errors.js";
import { slackFailure } from "./slack-logger.js";
import { slackText } from "./slack-messages.js";

export const IDENTITY_REFRESH_MS = 24 * 60 * 60 * 1000;

/** Who clicked or typed: the workspace (team id) and the Slack user id. */
export type SlackUser = { teamId: string; userId: string };

const UsersInfo = z.object({
  user: z.object({
    is_bot: z.boolean().optional(),
    is_email_confirmed: z.boolean().optional(),
    real_name: z.string().optional(),
    profile: z
      .object({
        email: z.string().optional(),
        real_name: z.string().optional(),
        display_name: z.string().optional(),
      })
      .optional(),
  }),
});

function cached(deps: Deps, user: SlackUser) {
  return deps.db
    .select({ email: people.email, refreshedAt: chatIdentities.refreshedAt })
    .from(chatIdentities)
    .innerJoin(people, eq(people.id, chatIdentities.personId))
    .where(
      and(
        eq(chatIdentities.platform, "slack"),
        eq(chatIdentities.workspace, user.teamId),
        eq(chatIdentities.userId, user.userId),
      ),
    )
    .get();
}

async function askSlack(client: webApi.WebClient, userId: string): Promise<{ email: string; name?: string }> {
  const { user } = UsersInfo.parse(await client.users.info({ user: userId }));
  if (user.is_bot) throw new AppError("FORBIDDEN", slackText.notAPerson());
  const email = user.profile?.email?.trim();
  if (!email) throw new AppError("FORBIDDEN", slackText.noEmail());
  if (user.is_email_confirmed === false) throw new AppError("FORBIDDEN", slackText.unconfirmedEmail());
  const name = user.profile?.real_name || user.real_name || user.profile?.display_name;
  return name ? { email, name } : { email };
}

/**
 * The actor for a Slack user, with grants looked up fresh by e-mail. When Slack cannot be asked, a
 * mapping older than a day is still used rather than turning the person away.
 */
export async function slackActor(deps: Deps, client: webApi.WebClient, user: SlackUser): Promise<Actor> {
  const known = cached(deps, user);
  const now = deps.clock.now();
  if (known && now.getTime() - known.refreshedAt.getTime() < IDENTITY_REFRESH_MS) {
    return actorFor(deps, { email: known.email, surface: "slack" });
  }
  let profile: { email: string; name?: string };
  try {
    profile = await askSlack(client, user.userId);
  } catch (error) {
    if (!known || error instanceof AppError) throw error;
    deps.log.warn({ ...slackFailure(error), slackUser: user.userId }, "users.info failed; using the known e-mail");
    return actorFor(deps, { email: known.email, surface: "slack" });
  }
  const actor = actorFor(deps, { email: profile.email, displayName: profile.name ?? null, surface: "slack" });
  const row = { platform: "slack" as const, workspace: user.teamId, userId: user.userId };
  deps.db
    .insert(chatIdentities)
    .values({ ...row, personId: actor.personId!, refreshedAt: now })
    .onConflictDoUpdate({
      target: [chatIdentities.platform, chatIdentities.workspace, chatIdentities.userId],
      set: { personId: actor.personId!, refreshedAt: now },
    })
    .run();
  return actor;
}
