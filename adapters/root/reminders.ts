/** The composition root, part 3: the reminder pass's parts — mail, chat notifiers, planning options. */
import type { Writable } from "node:stream";
import type { DeliveryDeps } from "../../src/jobs/deliver-reminders.js";
import type { PassOptions } from "../../src/jobs/reminder-pass.js";
import type { ChatNotifier } from "../../src/ports/chat-notifier.js";
import { deactivateExpiredSecretsQuietly } from "../../src/verbs/deactivate-expired-secrets.js";
import { syncClientSecretsQuietly } from "../../src/verbs/sync-client-secrets.js";
import { PrintingMailer } from "../email/printing-mailer.js";
import { renderMail } from "../email/render-mail.js";
import { SmtpMailer } from "../email/smtp-mailer.js";
import { SlackAlertNotifier } from "../slack/alert-notifier.js";
import { slackMessage } from "../slack/render-blocks.js";
import { teamsAlertNotifier } from "../teams/alert-notifier.js";
import type { Runtime } from "./runtime.js";

/** The reminder pass's parts: mail (SMTP, or printed when SMTP_URL is unset), chat notifiers, planning options. */
export function reminderParts(runtime: Runtime, out: NodeJS.WritableStream = process.stdout) {
  const { config } = runtime;
  const mailer = config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new PrintingMailer(out as Writable);
  const notifiers = new Map<"slack" | "teams", ChatNotifier>();
  if (config.slack) {
    notifiers.set(
      "slack",
      new SlackAlertNotifier({
        botToken: config.slack.botToken,
        apiUrl: config.slack.apiUrl,
        render: slackMessage,
        now: () => runtime.clock.now(),
      }),
    );
  }
  // Teams (issue 4): proactive Adaptive Cards through the Bot Connector.
  if (config.teams) notifiers.set("teams", teamsAlertNotifier(runtime));
  const deps: DeliveryDeps = { ...runtime, mailer, renderMail, notifiers };
  const options: PassOptions = {
    reminderDays: config.reminderDays,
    timeZone: config.reminderTimezone,
    chatPlatforms: new Set(notifiers.keys()),
    fallbackEmails: config.adminEmails,
    // Secrets changed outside the bot (e.g. in the Entra portal) get their reminders too; secrets that
    // never expire by themselves (Okta) are deactivated at the bot's expiry, and this pass tells their managers.
    beforePass: async () => {
      await syncClientSecretsQuietly(runtime);
      await deactivateExpiredSecretsQuietly(runtime);
    },
  };
  return { deps, options, close: () => (mailer instanceof SmtpMailer ? mailer.close() : undefined) };
}
