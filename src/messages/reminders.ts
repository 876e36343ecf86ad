/** Expiry reminders: the same wording in chat channels and e-mail. Never a secret value. */

import type { CredentialKind } from "../../db/vocabulary.js";
import type { Calendar } from "../calendar.js";
import { deleteAction, lineOf, rotateAction, showAction, typed } from "../commands/actions.js";
import { commandNames } from "../commands/names.js";
import type { ReminderEvidence } from "../jobs/reminder-evidence.js";
import type { Action, Block, Reply } from "../reply.js";
import { ago, expiryPhrase } from "./format.js";
import { certificateStep, deactivatedStep, kindWord } from "./provider.js";
import { rotationSteps } from "./secrets.js";
import { lastUsedPhrase, useLabel } from "./usage.js";

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
  /** Its key id, for the Delete button of an unused secret (the hint works too where it is absent). */
  keyId?: string;
  /** What is known of its use and its rotation when the reminder goes out. */
  evidence?: ReminderEvidence;
};

/** Where the evidence puts an older secret of a rotation: still in use (the outage in the making), idle, or neither. */
function rotationStand(item: ReminderItem): "in-use" | "idle" | null {
  const state = item.evidence?.rotation?.state;
  if (item.kind !== "secret" || item.deactivatedAt) return null;
  if (state === "waiting" || state === "switching") return "in-use";
  return state === "idle" ? "idle" : null;
}

/** The plain word on an older secret systems have not moved away from: where it was last used, and the newer one's use. */
function stillInUse(item: ReminderItem, e: ReminderEvidence, calendar: Calendar): string {
  const now = calendar.now;
  const newer = e.rotation?.newer;
  const newerHint = `the newer secret \`${newer?.hint ?? "?"}…\``;
  const newerUse = newer?.firstUsedAt
    ? `${newerHint} was first used ${ago(newer.firstUsedAt, now)}`
    : `${newerHint} has never been used`;
  const stops =
    item.expiresAt <= now
      ? "API connections still using it now fail."
      : "API connections still using it stop when it expires.";
  if (!e.lastUsedAt && !newer?.firstUsedAt)
    return `Neither this secret nor ${newerHint} has been used yet: give the newer one to every system that is to connect.`;
  if (!e.lastUsedAt) return `Never used; ${newerUse}.`;
  const stand = e.use.kind === "in-use" ? "Still in use" : "Not moved to the newer secret yet";
  return `⚠️ ${stand} — ${lastUsedPhrase(e, now)}; ${newerUse}. Move every system that uses it to the newer secret: ${stops}`;
}

/** An older secret nothing has used since the newer one took over: delete it (nothing stops), or the bot will. */
function unusedStep(item: ReminderItem, e: ReminderEvidence, calendar: Calendar): string {
  const newer = `the newer secret \`${e.rotation?.newer.hint ?? "?"}…\``;
  const since = `Unused since ${newer} took over (${lastUsedPhrase(e, calendar.now)})`;
  if (e.rotation?.retire === "auto") return `${since}: the bot deletes it; nothing stops.`;
  return `${since}: nothing stops when it goes, so delete it — ${typed("delete", item.applicationName, item.keyId ?? item.hint)}.`;
}

/** "has been deactivated by the bot" where it did, else when it expires. */
const statusText = (item: ReminderItem, calendar: Calendar): string =>
  item.deactivatedAt ? "has been deactivated by the bot" : expiryPhrase(item.expiresAt, calendar);

function nextStep(item: ReminderItem, calendar: Calendar): string {
  if (item.deactivatedAt) return deactivatedStep(item.providerLabel);
  const stand = rotationStand(item);
  if (stand && item.evidence) {
    return stand === "in-use" ? stillInUse(item, item.evidence, calendar) : unusedStep(item, item.evidence, calendar);
  }
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
    const stand = rotationStand(first);
    const use =
      stand === "in-use" && first.evidence?.lastUsedAt ? " and is still in use" : stand === "idle" ? " (unused)" : "";
    return `⚠️ ${what} ${first.hint}… of ${first.applicationName} ${statusText(first, calendar)}${use}`;
  }
  const what = items.some((i) => i.kind === "certificate") ? "credentials" : "client secrets";
  return `⚠️ ${items.length} ${what} of your applications expire soon or have expired`;
}

/**
 * Show always; Rotate where rotating is the next step — never for a certificate (renewed at the
 * provider) or an older secret of a rotation (a newer one exists); Delete for one nothing uses any more.
 */
function actionsOf(item: ReminderItem): Action[] {
  const show = showAction(item.applicationName);
  const stand = rotationStand(item);
  if (stand === "idle" && item.evidence?.rotation?.retire === "ask") {
    const secret = { hint: item.hint, keyId: item.keyId ?? item.hint, displayName: item.displayName };
    return [deleteAction(item.applicationName, secret), show];
  }
  if (item.kind === "certificate" || stand) return [show];
  return [rotateAction(item.applicationName), show];
}

/** The reminder as a neutral reply: one item per secret (a digest when several), Rotate and Show buttons. */
export function reminderReply(items: ReminderItem[], calendar: Calendar, note?: string): Reply {
  const blocks: Block[] = [];
  if (note) blocks.push({ type: "text", text: `⚠️ ${note}` });
  for (const item of items) {
    const use = item.evidence ? [{ label: "Use", value: useLabel(item.evidence.use, calendar) }] : [];
    blocks.push(
      {
        type: "item",
        text: `*${item.applicationName}* · ${kindWord(item.kind)} \`${item.hint}…\` (${item.displayName}) ${statusText(item, calendar)}`,
        fields: [
          { label: "clientId", value: `\`${item.clientId}\`` },
          { label: "Expires", value: `${calendar.dateOf(item.expiresAt)} (${expiryPhrase(item.expiresAt, calendar)})` },
          ...use,
          { label: "Next step", value: nextStep(item, calendar) },
        ],
      },
      { type: "actions", actions: actionsOf(item) },
    );
  }
  blocks.push({ type: "text", text: `*Rotation:* ${rotationSteps.map((s, i) => `${i + 1}. ${s}`).join(" ")}` });
  const [only] = items;
  const about = items.length === 1 && only ? lineOf(commandNames.show, only.clientId) : commandNames.list;
  return { tone: "warning", title: reminderSubject(items, calendar), blocks, isPrivate: false, about };
}
