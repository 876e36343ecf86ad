/**
 * The composition root, part 5: the one set of outgoing channels — mail (SMTP, or printed when SMTP_URL
 * is unset), Slack (Web API with the bot token) and Teams (Bot Connector with the bot's token) — used
 * by the reminder pass and by notices to people (access requests and their outcome). Slack's and
 * Teams' clients are made only when a message goes out.
 */
import type { Writable } from "node:stream";
import { z } from "zod";
import type { Deps } from "../../src/context.js";
import type { ChatNotifier } from "../../src/ports/chat-notifier.js";
import type { Mailer } from "../../src/ports/mailer.js";
import type { MessageHandle, Notify, PersonAddress } from "../../src/ports/notify.js";
import type { Reply } from "../../src/reply.js";
import { PrintingMailer } from "../email/printing-mailer.js";
import { renderMail } from "../email/render-mail.js";
import { SmtpMailer } from "../email/smtp-mailer.js";
import { SlackAlertNotifier } from "../slack/alert-notifier.js";
import { slackMessage } from "../slack/render-blocks.js";
import { teamsAlertNotifier } from "../teams/alert-notifier.js";
import type { Connector } from "../teams/connector.js";
import type { TeamsEndpoints } from "../teams/endpoints.js";
import { renderCard } from "../teams/render-card.js";

const SlackAddress = z.object({ userId: z.string().min(1) });
const SlackHandle = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
const TeamsAddress = z.object({
  serviceUrl: z.string().min(1),
  userId: z.string().min(1),
  botId: z.string().min(1),
  tenantId: z.string().min(1),
});
const TeamsHandle = z.object({ serviceUrl: z.string(), conversationId: z.string(), activityId: z.string() });

export type Outgoing = Notify & {
  mailer: Mailer;
  notifiers: ReadonlyMap<"slack" | "teams", ChatNotifier>;
  close(): void;
};

export function outgoing(deps: Omit<Deps, "notify">, options: { out: Writable; teams?: TeamsEndpoints }): Outgoing {
  const { config } = deps;
  const mailer = config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new PrintingMailer(options.out);
  const slack = config.slack
    ? new SlackAlertNotifier({
        botToken: config.slack.botToken,
        apiUrl: config.slack.apiUrl,
        render: slackMessage,
        now: () => deps.clock.now(),
      })
    : undefined;
  // One Bot Connector client (and so one cached bot token) for channel alerts and messages to people.
  let connector: Promise<Connector> | undefined;
  const teamsConnector = () => {
    connector ??= import("../teams/teams-connector.js").then((m) => m.teamsConnector(deps, options.teams));
    return connector;
  };
  // Without credentials (TEAMS_ALLOW_UNAUTHENTICATED=true, the Agents Playground) Teams is on too: every
  // message goes to the conversation's service URL without a bot token, as the replies to activities do.
  const isTeamsOn = config.teams !== undefined || config.teamsAllowUnauthenticated;
  const teams = isTeamsOn ? teamsAlertNotifier(deps, options.teams, teamsConnector) : undefined;
  const serviceUrl = (fromAddress: string) => config.teamsServiceUrl ?? fromAddress;
  // Mail tells people where to act: the chat platforms this bot is on, and the console.
  const surfaces = {
    slack: config.slack !== undefined,
    teams: isTeamsOn,
    ...(config.portal ? { portalUrl: config.publicUrl } : {}),
  };
  const notifiers = new Map<"slack" | "teams", ChatNotifier>([
    ...(slack ? ([["slack", slack]] as const) : []),
    ...(teams ? ([["teams", teams]] as const) : []),
  ]);

  const toPerson = async (to: PersonAddress, reply: Reply): Promise<MessageHandle | null> => {
    if (to.platform === "slack") {
      const address = SlackAddress.safeParse(to.address);
      if (!slack || !address.success) return null;
      const posted = await slack.postTo(address.data.userId, reply);
      return { platform: "slack", handle: posted };
    }
    const address = TeamsAddress.safeParse(to.address);
    if (!teams || !address.success) return null;
    const { userId, botId, tenantId } = address.data;
    const url = serviceUrl(address.data.serviceUrl);
    const client = await teamsConnector();
    const conversationId = await client.personalChat(url, { botId, userId, tenantId });
    const activityId = await client.sendCard(url, conversationId, renderCard(reply, { mayRevealSecret: false }));
    return { platform: "teams", handle: { serviceUrl: url, conversationId, activityId: activityId ?? "" } };
  };

  const update = async (message: MessageHandle, reply: Reply): Promise<void> => {
    if (message.platform === "slack") {
      const handle = SlackHandle.parse(message.handle);
      await slack?.update(handle.channel, handle.ts, reply);
      return;
    }
    const handle = TeamsHandle.parse(message.handle);
    const card = renderCard(reply, { mayRevealSecret: false });
    await (await teamsConnector()).updateCard(handle.serviceUrl, handle.conversationId, handle.activityId, card);
  };

  return {
    platforms: new Set(notifiers.keys()),
    mailer,
    notifiers,
    toPerson,
    update,
    toChannel: async (channel, reply) => {
      const notifier = notifiers.get(channel.platform);
      if (notifier) await notifier.post(channel, reply);
    },
    mail: async (to, subject, reply) => {
      await mailer.send({ to, subject, ...renderMail(reply, surfaces) });
    },
    close: () => {
      if (mailer instanceof SmtpMailer) mailer.close();
    },
  };
}
