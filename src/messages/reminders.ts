/** Expiry reminders: the same wording in chat channels and e-mail. Never a secret value. */

import type { CredentialKind } from "../../db/vocabulary.js";
import type { Calendar } from "../calendar.js";
import { lineOf, rotateAction, showAction } from "../commands/actions.js";
import { commandNames } from "../commands/names.js";
import type { Block, Reply } from "../reply.js";
import { expiryPhrase } from "./format.js";
import { certificateStep, deactivatedStep, kindWord } from "./provider.js";
import { rotationSteps } from "./secrets.js";

export type ReminderItem = {
  applicationName: string;
  clientId: string;
  hint: string;
  displayName: string;
  expiresAt: Date;
  hasSuccessor: boolean;
  /** A secret, or a certificate (which the bot never creates: a new one is uploaded at the provider). */
  kind: CredentialKind;
  /** The provider the application's credentials live at, by name, e.g. "Okta". */
  providerLabel: string;
  /** When the bot deactivated it at its expiry (providers whose secrets never expire by themselves). */
  deactivatedAt: Date | null;
};

/** "has been deactivated by the bot" where it did, else when it expires. */
const statusText = (item: ReminderItem, calendar: Calendar): string =>
  item.deactivatedAt ? "has been deactivated by the bot" : expiryPhrase(item.expiresAt, calendar);

function nextStep(item: ReminderItem, calendar: Calendar): string {
  if (item.deactivatedAt) return deactivatedStep(item.providerLabel);
  if (item.kind === "certificate") {
    if (item.hasSuccessor)
      return "A newer certificate exists: remove this one at the provider once your systems use the new one.";
    return certificateStep(item.providerLabel);
  }
  if (item.hasSuccessor) return "A newer secret exists: delete this one once your systems use the new one.";
  if (item.expiresAt <= calendar.now) return "API connections using it now fail. Rotate now.";
  return "Rotate now, before API connections using it stop.";
}

export function reminderSubject(items: ReminderItem[], calendar: Calendar): string {
  const [first] = items;
  if (first && items.length === 1) {
    const what = first.kind === "certificate" ? "Certificate" : "Client secret";
    return `⚠️ ${what} ${first.hint}… of ${first.applicationName} ${statusText(first, calendar)}`;
  }
  const what = items.some((i) => i.kind === "certificate") ? "credentials" : "client secrets";
  return `⚠️ ${items.length} ${what} of your applications expire soon or have expired`;
}

/** The reminder as a neutral reply: one item per secret (a digest when several), Rotate and Show buttons. */
export function reminderReply(items: ReminderItem[], calendar: Calendar, note?: string): Reply {
  const blocks: Block[] = [];
  if (note) blocks.push({ type: "text", text: `⚠️ ${note}` });
  for (const item of items) {
    // A certificate is renewed at the provider, so it gets no Rotate button.
    const actions =
      item.kind === "certificate"
        ? [showAction(item.applicationName)]
        : [rotateAction(item.applicationName), showAction(item.applicationName)];
    blocks.push(
      {
        type: "item",
        text: `*${item.applicationName}* · ${kindWord(item.kind)} \`${item.hint}…\` (${item.displayName}) ${statusText(item, calendar)}`,
        fields: [
          { label: "clientId", value: `\`${item.clientId}\`` },
          { label: "Expires", value: `${calendar.dateOf(item.expiresAt)} (${expiryPhrase(item.expiresAt, calendar)})` },
          { label: "Next step", value: nextStep(item, calendar) },
        ],
      },
      { type: "actions", actions },
    );
  }
  blocks.push({ type: "text", text: `*Rotation:* ${rotationSteps.map((s, i) => `${i + 1}. ${s}`).join(" ")}` });
  const [only] = items;
  const about = items.length === 1 && only ? lineOf(commandNames.show, only.clientId) : commandNames.list;
  return { tone: "warning", title: reminderSubject(items, calendar), blocks, isPrivate: false, about };
}
