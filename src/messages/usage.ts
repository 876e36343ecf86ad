/** What is said of a secret's use in reminders, the channel digest and `expiring`: one label, the same everywhere. */
import type { Calendar } from "../calendar.js";
import { deleteAction, lineOf, showAction, typed } from "../commands/actions.js";
import { commandNames } from "../commands/names.js";
import { type Reply, reply } from "../reply.js";
import type { SecretUse } from "../usage.js";
import { ago, isoDate } from "./format.js";

const from = (address: string | null) => (address ? ` from ${address}` : "");

/** "in use (last used 4 minutes ago from 10.1.2.3)", "unused since 2027-01-05", "never used", "usage unknown". */
export function useLabel(use: SecretUse, calendar: Calendar): string {
  switch (use.kind) {
    case "in-use":
      return `in use (last used ${ago(use.lastUsedAt, calendar.now)}${from(use.lastUsedFrom)})`;
    case "unused":
      return use.since ? `unused since ${calendar.dateOf(use.since)}` : "never used";
    case "unknown":
      return "usage unknown";
  }
}

/** "last used 4 minutes ago from 10.1.2.3", or "never used". */
export const lastUsedPhrase = (use: { lastUsedAt: Date | null; lastUsedFrom: string | null }, now: Date): string =>
  use.lastUsedAt ? `last used ${ago(use.lastUsedAt, now)}${from(use.lastUsedFrom)}` : "never used";

/**
 * To the administrators, once until a read works again: the provider will not let the bot read which
 * secret is used, and what to grant.
 */
export const usageUnreadable = (providerLabel: string, permission: string) => ({
  subject: `⚠️ ${providerLabel}: which secret is used is unknown`,
  text: `⚠️ ${providerLabel} refuses the bot its sign-in activity report: reading it needs ${permission}, granted to the bot's own app with admin consent. Until then the use of every ${providerLabel} secret is unknown: no older secret is retired on the evidence and reminders say "usage unknown"; everything else works as before. You are told again only if it stops working after it has worked.`,
});

/** What the unused-secret notice says of the secret. */
export type UnusedSecretFacts = {
  keyId: string;
  hint: string;
  displayName: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedFrom: string | null;
};

/** To an application's managers, once per secret: nothing has used it for `days` days and no newer secret took over. */
export function unusedSecret(
  secret: UnusedSecretFacts,
  application: string,
  days: number,
): { subject: string; reply: Reply } {
  const since = secret.lastUsedAt
    ? `last used ${isoDate(secret.lastUsedAt)}${from(secret.lastUsedFrom)}`
    : `never used since it was created on ${isoDate(secret.createdAt)}`;
  const text = `Client secret \`${secret.hint}…\` (${secret.displayName}) of ${application} has not been used for ${days} days (${since}): it may no longer be needed. If nothing uses it, delete it with ${typed("delete", application, secret.keyId)}; a system still using it would stop at once. The bot never deletes it on its own.`;
  return {
    subject: `Client secret ${secret.hint}… of ${application} unused for ${days} days`,
    reply: {
      ...reply("info", text),
      blocks: [
        { type: "text", text },
        { type: "actions", actions: [deleteAction(application, secret), showAction(application)] },
      ],
      about: lineOf(commandNames.show, application),
    },
  };
}
