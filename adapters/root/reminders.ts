/**
 * The composition root, part 3: the reminder pass's parts — mail, chat notifiers, planning options —
 * and the outbox's: notices through the runtime's channels, webhooks over HTTP signed with a secret the
 * pepper unseals.
 */

import { accessHousekeeping } from "../../src/jobs/access-housekeeping.js";
import type { DeliveryDeps } from "../../src/jobs/deliver-reminders.js";
import type { PassOptions } from "../../src/jobs/reminder-pass.js";
import { retireIdleSecrets } from "../../src/jobs/retire-idle-secrets.js";
import { noticeUnusedSecrets } from "../../src/jobs/unused-secrets.js";
import type { OutboxDeps } from "../../src/outbox/deliver-outbox.js";
import { pruneOutbox } from "../../src/outbox/prune-outbox.js";
import { deactivateExpiredSecretsQuietly } from "../../src/verbs/deactivate-expired-secrets.js";
import { syncClientSecretsQuietly } from "../../src/verbs/sync-client-secrets.js";
import { renderMail } from "../email/render-mail.js";
import { FetchWebhookPoster } from "../webhooks/fetch-poster.js";
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
    teams: notifiers.has("teams"),
    ...(config.portal ? { portalUrl: config.publicUrl } : {}),
  };
  const deps: DeliveryDeps = { ...runtime, mailer, renderMail: (reply) => renderMail(reply, surfaces), notifiers };
  const options: PassOptions = {
    reminderDays: config.reminderDays,
    timeZone: config.reminderTimezone,
    fallbackEmails: config.adminEmails,
    // Secrets changed outside the bot (e.g. in the Entra portal) get their reminders too; secrets that
    // never expire by themselves (Okta) are deactivated at the bot's expiry, and this pass tells their
    // managers; then the access housekeeping: requests that lapsed, grants that end soon or ended; and
    // secrets unused for 90 days with no newer one are announced to their managers, once; and the
    // outbox's delivered notices and webhook events older than a month go.
    beforePass: async () => {
      await syncClientSecretsQuietly(runtime);
      await deactivateExpiredSecretsQuietly(runtime);
      const report = await accessHousekeeping(runtime);
      const unused = await noticeUnusedSecrets(runtime);
      const pruned = await pruneOutbox(runtime.db, runtime.clock.now());
      runtime.log.info({ ...report, unused, pruned }, "access housekeeping done");
      return report;
    },
    // Then rotations: idle older secrets are asked about (`ask`) or retired (`auto`).
    retire: async () => {
      const report = await runtime.tracer.span("retire idle secrets", {}, () => retireIdleSecrets(runtime));
      runtime.log.info(report, "retire step done");
      return report;
    },
  };
  return { deps, options };
}

/** What delivering the outbox needs: the runtime (its channels for notices) and the webhook poster. */
export function outboxParts(runtime: Runtime): OutboxDeps {
  return { ...runtime, webhooks: { poster: new FetchWebhookPoster(), pepper: runtime.pepper } };
}
