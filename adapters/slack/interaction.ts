/**
 * One person's command in Slack, typed or clicked, from acknowledgement to answer. The line runs
 * through the core as the person (found again from their Slack user id on every click), and the reply
 * goes where it belongs: a modal for forms and the one-time reveal, else a private message. What a line
 * is (opens a form, reveals a value, can be shared) is asked of the core, never read here.
 */
import type { webApi } from "@slack/bolt";
import { actAs } from "../../src/commands/act-as.js";
import type { CommandEnv } from "../../src/commands/command.js";
import type { LineFacts } from "../../src/commands/parse-line.js";
import { type ReadLine, readLine } from "../../src/commands/run-command.js";
import type { Ctx, Deps } from "../../src/context.js";
import { type Reply, reply as textReply } from "../../src/reply.js";
import { refreshHome } from "./app-home.js";
import { type SlackUser, slackActor } from "./identity.js";
import { sendMessage } from "./message-reply.js";
import { showInModal } from "./modal-reply.js";
import { waitingView } from "./modal-views.js";
import type { Respond } from "./response-url.js";
import { slackFailure } from "./slack-logger.js";
import { slackText } from "./slack-messages.js";
import { yieldToOtherRequests } from "./work-after-ack.js";

/** Where the person typed or clicked. */
export type Origin =
  | { kind: "message"; respond: Respond; isClick: boolean; isShared: boolean }
  | { kind: "modal"; viewId: string }
  | { kind: "home" };

export type Interaction = {
  deps: Deps;
  client: webApi.WebClient;
  user: SlackUser;
  line: string;
  env: CommandEnv;
  triggerId?: string;
  origin: Origin;
};

/** An interaction with its line read by the core, once: the facts about it, and running it. */
export type Inspected = Interaction & { facts: LineFacts; read: ReadLine };

/** Alerts are posted into the channel later, which only works when the bot is a member of it. */
async function notAMember(client: webApi.WebClient, channelId: string): Promise<string | null> {
  try {
    const info = await client.conversations.info({ channel: channelId });
    return info.channel?.is_member === true ? null : slackText.notInChannel();
  } catch (error) {
    // A private channel the bot was not invited to is invisible to it.
    if (slackFailure(error).slackError === "channel_not_found") return slackText.notInChannel();
    throw error;
  }
}

/**
 * The command environment in a workspace: forms and one-time values go into a private modal, lists
 * can be shared; direct messages are no channel (alerts need a real one).
 */
export function slackEnv(client: webApi.WebClient, teamId: string, channelId?: string): CommandEnv {
  const isChannel = channelId !== undefined && channelId !== "" && !channelId.startsWith("D");
  return {
    surface: "slack",
    canShowForms: true,
    canRevealSecrets: true,
    canShare: true,
    ...(isChannel
      ? {
          channel: {
            platform: "slack" as const,
            workspace: teamId,
            channelId,
            cannotPost: () => notAMember(client, channelId),
          },
        }
      : {}),
  };
}

/** Runs the line as the Slack user and delivers the answer. Call it after ack(). */
export async function handleInteraction(interaction: Interaction): Promise<void> {
  const read = readLine(interaction.line, interaction.env);
  const { facts } = read;
  const i: Inspected = { ...interaction, facts, read };
  const needsModal = i.origin.kind === "home" || facts.traits.revealsSecret === true || facts.opensForm;
  const viewId = i.origin.kind === "modal" ? i.origin.viewId : needsModal ? await openWaiting(i) : undefined;
  if (needsModal && viewId === undefined) {
    // Without a window a form or a reveal cannot be shown, so nothing is run.
    if (i.origin.kind === "message") await sendMessage(i, undefined, textReply("error", slackText.modalFailed()));
    return;
  }
  const { ctx, reply } = await answer(i);
  if (viewId !== undefined) await showInModal(i, ctx, viewId, reply);
  else await sendMessage(i, ctx, reply);
  if (ctx && reply.tone === "success" && facts.traits.changesSecrets) await refreshHome(i.deps, i.client, i.user);
}

/** A trigger id lasts three seconds, so the modal is opened before anything slow happens. */
async function openWaiting(i: Inspected): Promise<string | undefined> {
  if (!i.triggerId) return undefined;
  const text = i.facts.traits.revealsSecret && !i.facts.opensForm ? slackText.creating() : slackText.loading();
  try {
    const opened = await i.client.views.open({ trigger_id: i.triggerId, view: waitingView(text) });
    return opened.view?.id;
  } catch (error) {
    i.deps.log.warn(slackFailure(error), "could not open a modal");
    return undefined;
  }
}

async function answer(i: Inspected): Promise<{ ctx?: Ctx; reply: Reply }> {
  const acting = await actAs(
    i.deps,
    () => slackActor(i.deps, i.client, i.user),
    async (ctx) => {
      await yieldToOtherRequests();
      const reply = await i.read.run(ctx);
      await yieldToOtherRequests();
      return reply;
    },
  );
  return "refusal" in acting ? { reply: acting.refusal } : { ctx: acting.ctx, reply: acting.result };
}
