/**
 * What people are told about the secret provider, derived from what it can do (its capabilities)
 * rather than from which one it is: help, the create form, confirmations and reminders use these.
 */
import type { CredentialKind, ProviderName } from "../../db/vocabulary.js";
import type { ProviderCapabilities } from "../ports/secret-provider.js";
import { plural } from "./format.js";

/** Each provider's name in messages; an application's provider column says which applies. */
export const providerLabels: Record<ProviderName, string> = {
  builtin: "The built-in provider",
  entra: "Microsoft Entra",
  keycloak: "Keycloak",
  okta: "Okta",
};

type Described = { label: string; capabilities: ProviderCapabilities };

/** What is worth knowing about this provider before creating or deleting, one sentence each. */
export function capabilityNotes({ label, capabilities: can }: Described): string[] {
  const notes: string[] = [];
  if (can.maxSecrets !== null && can.isEndingOldestWhenFull) notes.push(endsPreviousNote(label, can.maxSecrets));
  else if (can.maxSecrets !== null) {
    notes.push(`${label} holds at most ${can.maxSecrets} secrets per application: delete one before creating another.`);
  }
  if (can.hasCurrentSecret) {
    notes.push(
      `${label} always keeps a current secret: deleting it makes ${label} generate a new one that nobody sees.`,
    );
  }
  if (can.isExpiryEnforcedByBot) {
    notes.push(`${label} secrets never expire by themselves: the bot deactivates each at the expiry you chose.`);
  }
  if (can.isTwoStepDeletion) {
    notes.push(`Deleting takes two steps at ${label}: the bot deactivates the secret, then deletes it.`);
  }
  if (can.hasCertificates) {
    notes.push(
      `Certificates are listed and reminded about too; upload new ones in the ${label} portal (the bot never creates them).`,
    );
  }
  return notes;
}

/** "Keycloak keeps at most one previous secret: rotating now ends the previous one." */
const endsPreviousNote = (label: string, maxSecrets: number): string =>
  maxSecrets <= 1
    ? `${label} keeps no previous secret: creating one ends the current one at once.`
    : `${label} keeps at most ${maxSecrets === 2 ? "one previous secret" : plural(maxSecrets - 1, "previous secret")}: rotating now ends the previous one.`;

/** Why creating now ends these secrets, and what to do to go ahead anyway. */
export function endingNotice(
  label: string,
  plan: { keepsPrevious: boolean },
  ending: { hint: string; displayName: string }[],
): string {
  const names = ending.map((s) => `\`${s.hint}…\` (${s.displayName})`).join(", ");
  const why = plan.keepsPrevious
    ? `${label} keeps at most one previous secret: rotating now ends the previous one, ${names}`
    : `${label} keeps no previous secret for this client (its realm has no rotation policy for it): creating one ends the current one, ${names}, at once`;
  return `⚠️ ${why}, and API clients still using it stop.`;
}

/** A credential in one word, for messages: "secret" or "certificate". */
export const kindWord = (kind: CredentialKind): string => (kind === "certificate" ? "certificate" : "secret");

/** What to do about a certificate that expires: the bot never creates one. */
export const certificateStep = (label: string): string =>
  `Upload a new certificate in the ${label} portal, update your systems, then remove the old one there (the bot does not create certificates).`;

/** Why an application's secret stopped working although nothing at the provider expires it. */
export const deactivatedStep = (label: string): string =>
  `${label} secrets never expire by themselves, so the bot deactivated it at the expiry that was set; API connections using it now fail. Rotate now, then delete it.`;
