/** The composition root, part 3: the reminder pass's parts — mail, chat notifiers, planning options. */

import { accessHousekeeping } from "../../src/jobs/access-housekeeping.js";
import type { DeliveryDeps } from "../../src/jobs/deliver-reminders.js";
import type { PassOptions } from "../../src/jobs/reminder-pass.js";
import { deactivateExpiredSecretsQuietly } from "../../src/verbs/deactivate-expired-secrets.js";
import { syncClientSecretsQuietly } from "../../src/verbs/sync-client-secrets.js";
import { renderMail } from "../email/render-mail.js";
import type { Runtime } from "./runtime.js";

/**
 * The reminder pass's parts: the runtime's own mail (SMTP, or printed where the runtime prints when
 * SMTP_URL is unset) and chat notifiers, and the planning options.
 */
export function reminderParts(runtime: Runtime) {
  const { mailer, notifiers } = runtime.outgoing;
  const { config } = runtime;
  // Mail tells people where to act: the chat platforms this bot is on, and the console.
  const surfaces = {
    slack: config.slack !== undefined,
    teams: config.teams !== undefined,
    ...(config.portal ? { portalUrl: config.publicUrl } : {}),
  };
  const deps: DeliveryDeps = { ...runtime, mailer, renderMail: (reply) => renderMail(reply, surfaces), notifiers };
  const options: PassOptions = {
    reminderDays: config.reminderDays,
    timeZone: config.reminderTimezone,
    chatPlatforms: new Set(notifiers.keys()),
    fallbackEmails: config.adminEmails,
    // Secrets changed outside the bot (e.g. in the Entra portal) get their reminders too; secrets that
    // never expire by themselves (Okta) are deactivated at the bot's expiry, and this pass tells their
    // managers; then the access housekeeping: requests that lapsed, grants that end soon or ended.
    beforePass: async () => {
      await syncClientSecretsQuietly(runtime);
      await deactivateExpiredSecretsQuietly(runtime);
      const report = await accessHousekeeping(runtime);
      runtime.log.info(report, "access housekeeping done");
    },
  };
  return { deps, options };
}
