/** Expiry reminders: the same wording in chat channels and e-mail. Never a secret value. */

import type { Calendar } from "../calendar.js";
import { rotateAction, showAction } from "../commands/actions.js";
import type { Block, Reply } from "../reply.js";
import { expiryPhrase } from "./format.js";
import { rotationSteps } from "./secrets.js";

export type ReminderItem = {
  applicationName: string;
  clientId: string;
  hint: string;
  displayName: string;
  expiresAt: Date;
  hasSuccessor: boolean;
};

function nextStep(item: ReminderItem, calendar: Calendar): string {
  if (item.hasSuccessor) return "A newer secret exists: delete this one once your systems use the new one.";
  if (item.expiresAt <= calendar.now) return "API connections using it now fail. Rotate now.";
  return "Rotate now, before API connections using it stop.";
}

export function reminderSubject(items: ReminderItem[], calendar: Calendar): string {
  const [first] = items;
  if (first && items.length === 1)
    return `⚠️ Client secret ${first.hint}… of ${first.applicationName} ${expiryPhrase(first.expiresAt, calendar)}`;
  return `⚠️ ${items.length} client secrets of your applications expire soon or have expired`;
}

/** The reminder as a neutral reply: one item per secret (a digest when several), Rotate and Show buttons. */
export function reminderReply(items: ReminderItem[], calendar: Calendar, note?: string): Reply {
  const blocks: Block[] = [];
  if (note) blocks.push({ type: "text", text: `⚠️ ${note}` });
  for (const item of items) {
    blocks.push(
      {
        type: "item",
        text: `*${item.applicationName}* · secret \`${item.hint}…\` (${item.displayName}) ${expiryPhrase(item.expiresAt, calendar)}`,
        fields: [
          { label: "clientId", value: `\`${item.clientId}\`` },
          { label: "Expires", value: `${calendar.dateOf(item.expiresAt)} (${expiryPhrase(item.expiresAt, calendar)})` },
          { label: "Next step", value: nextStep(item, calendar) },
        ],
      },
      { type: "actions", actions: [rotateAction(item.applicationName), showAction(item.applicationName)] },
    );
  }
  blocks.push({ type: "text", text: `*Rotation:* ${rotationSteps.map((s, i) => `${i + 1}. ${s}`).join(" ")}` });
  return { tone: "warning", title: reminderSubject(items, calendar), blocks, isPrivate: false };
}
