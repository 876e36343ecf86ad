/**
 * A Teams user (AAD object id in a tenant) is a person through their e-mail address or sign-in name
 * (UPN) from the conversation member API, so the same person has the same grants on Teams, Slack and
 * the console. The mapping is kept in chat_identities and asked of Teams again after a day.
 */
import { and, eq } from "drizzle-orm";
import { chatIdentities, people } from "../../db/schema.js";
import { actorFor } from "../../src/access.js";
import type { Actor, Deps } from "../../src/context.js";
import { AppError } from "../../src/errors.js";
import type { Connector } from "./connector.js";
import type { Where } from "./conversation.js";
import { teamsText } from "./teams-messages.js";

export const IDENTITY_REFRESH_MS = 24 * 60 * 60 * 1000;

function cached(deps: Deps, tenantId: string, userId: string) {
  return deps.db
    .select({ email: people.email, refreshedAt: chatIdentities.refreshedAt })
    .from(chatIdentities)
    .innerJoin(people, eq(people.id, chatIdentities.personId))
    .where(
      and(
        eq(chatIdentities.platform, "teams"),
        eq(chatIdentities.workspace, tenantId),
        eq(chatIdentities.userId, userId),
      ),
    )
    .get();
}

async function askTeams(connector: Connector, where: Where): Promise<{ email: string; name?: string }> {
  const member = await connector.member(where.serviceUrl, where.ref.conversationId, where.user.id);
  const email = (member.email ?? member.userPrincipalName)?.trim();
  if (!email) throw new AppError("FORBIDDEN", teamsText.noEmail());
  return member.name ? { email, name: member.name } : { email };
}

/**
 * The actor for whoever sent the activity, with grants looked up fresh by e-mail. When Teams cannot be
 * asked, a mapping older than a day is still used rather than turning the person away.
 */
export async function teamsActor(deps: Deps, connector: Connector, where: Where): Promise<Actor> {
  if (where.user.id === where.bot.id) throw new AppError("FORBIDDEN", teamsText.notAPerson());
  const userId = where.user.aadObjectId ?? where.user.id;
  const known = cached(deps, where.tenantId, userId);
  const now = deps.clock.now();
  if (known && now.getTime() - known.refreshedAt.getTime() < IDENTITY_REFRESH_MS) {
    return actorFor(deps, { email: known.email, surface: "teams" });
  }
  let profile: { email: string; name?: string };
  try {
    profile = await askTeams(connector, where);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const status = (error as { status?: number }).status;
    if (known) {
      deps.log.warn({ status, teamsUser: userId }, "the Teams member API failed; using the known e-mail");
      return actorFor(deps, { email: known.email, surface: "teams" });
    }
    deps.log.warn({ status, teamsUser: userId }, "the Teams member API failed");
    throw new AppError("PROVIDER_UNAVAILABLE", teamsText.whoAreYouFailed());
  }
  const actor = actorFor(deps, { email: profile.email, displayName: profile.name ?? null, surface: "teams" });
  deps.db
    .insert(chatIdentities)
    .values({ platform: "teams", workspace: where.tenantId, userId, personId: actor.personId!, refreshedAt: now })
    .onConflictDoUpdate({
      target: [chatIdentities.platform, chatIdentities.workspace, chatIdentities.userId],
      set: { personId: actor.personId!, refreshedAt: now },
    })
    .run();
  return actor;
}
