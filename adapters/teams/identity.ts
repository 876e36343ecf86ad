/**
 * A Teams user (AAD object id in a tenant) is a person through their e-mail address or sign-in name
 * (UPN) from the conversation member API, so the same person has the same grants on Teams, Slack and
 * the console. The mapping is kept in chat_identities and asked of Teams again after a day.
 */
import { chatActor } from "../../src/chat-identity.js";
import type { Actor, Deps } from "../../src/context.js";
import { AppError } from "../../src/errors.js";
import type { Connector } from "./connector.js";
import type { Where } from "./conversation.js";
import { teamsText } from "./teams-messages.js";

async function askTeams(connector: Connector, where: Where): Promise<{ email: string; name?: string }> {
  const member = await connector.member(where.serviceUrl, where.ref.conversationId, where.user.id);
  const email = (member.email ?? member.userPrincipalName)?.trim();
  if (!email) throw new AppError("FORBIDDEN", teamsText.noEmail());
  return member.name ? { email, name: member.name } : { email };
}

/** The actor for whoever sent the activity, with grants looked up fresh by e-mail (see src/chat-identity.ts). */
export function teamsActor(deps: Deps, connector: Connector, where: Where): Promise<Actor> {
  if (where.user.id === where.bot.id) return Promise.reject(new AppError("FORBIDDEN", teamsText.notAPerson()));
  return chatActor(
    deps,
    {
      platform: "teams",
      workspace: where.tenantId,
      userId: where.user.aadObjectId ?? where.user.id,
      // What a proactive 1:1 message needs: the Bot Connector, the person's and the bot's Teams ids.
      address: {
        serviceUrl: where.ref.serviceUrl,
        userId: where.user.id,
        botId: where.bot.id,
        tenantId: where.tenantId,
      },
    },
    {
      ask: () => askTeams(connector, where),
      describe: (error) => ({ status: (error as { status?: number }).status }),
      unavailable: () => new AppError("PROVIDER_UNAVAILABLE", teamsText.whoAreYouFailed()),
    },
  );
}
