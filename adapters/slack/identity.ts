/**
 * A Slack user is a person through their e-mail address (users.info, scope users:read.email), so the
 * same person has the same grants on Slack, Teams and the console. The mapping is kept in the chat
 * identities table and asked of Slack again after a day, so a changed address is picked up.
 */
import type { webApi } from "@slack/bolt";
import { z } from "zod";
import { chatActor } from "../../src/chat-identity.js";
import type { Actor, Deps } from "../../src/context.js";
import { AppError } from "../../src/errors.js";
import { slackFailure } from "./slack-logger.js";
import { slackText } from "./slack-messages.js";

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

async function askSlack(client: webApi.WebClient, userId: string): Promise<{ email: string; name?: string }> {
  const { user } = UsersInfo.parse(await client.users.info({ user: userId }));
  if (user.is_bot) throw new AppError("FORBIDDEN", slackText.notAPerson());
  const email = user.profile?.email?.trim();
  if (!email) throw new AppError("FORBIDDEN", slackText.noEmail());
  if (user.is_email_confirmed === false) throw new AppError("FORBIDDEN", slackText.unconfirmedEmail());
  const name = user.profile?.real_name || user.real_name || user.profile?.display_name;
  return name ? { email, name } : { email };
}

/** The actor for a Slack user, with grants looked up fresh by e-mail (see src/chat-identity.ts). */
export function slackActor(deps: Deps, client: webApi.WebClient, user: SlackUser): Promise<Actor> {
  return chatActor(
    deps,
    { platform: "slack", workspace: user.teamId, userId: user.userId, address: { userId: user.userId } },
    { ask: () => askSlack(client, user.userId), describe: slackFailure, unavailable: (error) => error },
  );
}
