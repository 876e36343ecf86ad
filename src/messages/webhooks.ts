/** Words about webhooks: the notice to administrators when one keeps failing. */
import { type Reply, reply } from "../reply.js";
import { isoMinute } from "./format.js";

type Hook = { id: number; url: string; failingSince: Date | null };

/** To the administrators, once per failing spell, when a delivery gave up after a day of retries. */
export const webhookFailing = (hook: Hook, error: string): Reply =>
  reply(
    "warning",
    `⚠️ Webhook ${hook.id} (${hook.url}) keeps failing${hook.failingSince ? ` since ${isoMinute(hook.failingSince)}` : ""}: ${error}. An event was given up after a day of retries; new events are still sent to it. Fix the receiver, or remove the webhook with \`steward webhook remove ${hook.id}\`; \`steward remind --status\` lists what was not delivered.`,
  );

export const webhookFailingSubject = (hook: Hook) => `⚠️ Webhook ${hook.id} keeps failing`;
