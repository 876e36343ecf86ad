/**
 * The App Home tab: the person's applications and the secrets expiring in the next 30 days, with the
 * same buttons as in messages. Published when the tab is opened and again after the person changed
 * a secret, so it is never out of date for long.
 */
import type { App, types, webApi } from "@slack/bolt";
import { actAs } from "../../src/commands/act-as.js";
import { overview } from "../../src/commands/application-commands.js";
import type { Deps } from "../../src/context.js";
import type { Reply } from "../../src/reply.js";
import { type SlackUser, slackActor } from "./identity.js";
import { BlockRenderer, mrkdwn, plain, withinLimit } from "./render-blocks.js";
import { slackFailure } from "./slack-logger.js";
import { slackText } from "./slack-messages.js";

async function homeReplies(deps: Deps, client: webApi.WebClient, user: SlackUser): Promise<Reply[]> {
  const acting = await actAs(deps, () => slackActor(deps, client, user), overview);
  return "refusal" in acting ? [acting.refusal] : acting.result;
}

export function homeView(replies: Reply[]): types.HomeView {
  // One renderer for the whole tab, so every button's action id is unique within it.
  const renderer = new BlockRenderer("interactive");
  const blocks: types.KnownBlock[] = [
    { type: "header", text: plain("Secret Steward", 150) },
    { type: "context", elements: [mrkdwn(slackText.homeIntro())] },
  ];
  for (const reply of replies) blocks.push({ type: "divider" }, ...renderer.render(reply));
  return { type: "home", blocks: withinLimit(blocks, 100) };
}

/** Publishes the person's Home tab; a failure is logged, never shown (nobody is waiting for it). */
export async function refreshHome(deps: Deps, client: webApi.WebClient, user: SlackUser): Promise<void> {
  try {
    const view = homeView(await homeReplies(deps, client, user));
    await client.views.publish({ user_id: user.userId, view });
  } catch (error) {
    deps.log.warn(slackFailure(error), "could not publish the Home tab");
  }
}

export function registerAppHome(app: App, deps: Deps): void {
  // Bolt acknowledges events before calling listeners.
  app.event("app_home_opened", async ({ event, body, client }) => {
    if (event.tab !== "home") return;
    await refreshHome(deps, client, { teamId: body.team_id, userId: event.user });
  });
}
