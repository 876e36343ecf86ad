/** Replies about one secret: created (the one-time reveal), rotation, delete confirmation, deleted. */

import type { Calendar } from "../calendar.js";
import { confirmationActions, deleteAction } from "../commands/actions.js";
import type { Block, CreateSecretForm, Reply, SecretReveal } from "../reply.js";
import type { PendingDeletion } from "../verbs/request-secret-deletion.js";
import type { SecretView } from "../verbs/show-application.js";
import { ago, isoMinute } from "./format.js";

export const rotationSteps = [
  "Create a new secret.",
  "Update your systems to use the new secret.",
  "Confirm they connect: request a token with the new secret.",
  "Delete the old secret.",
] as const;

export const copyAdvice =
  "Copy it now and store it in your secrets vault: this is the only time it is shown. Afterwards only its hint remains; nobody, not even an administrator, can retrieve it again.";

function revealFields(secret: SecretReveal): Block {
  return {
    type: "fields",
    fields: [
      { label: "Application", value: secret.applicationName },
      { label: "clientId", value: `\`${secret.clientId}\`` },
      { label: "Display name", value: secret.displayName },
      { label: "Hint", value: `\`${secret.hint}…\`` },
      { label: "Expires", value: isoMinute(secret.expiresAt) },
      { label: "Key id", value: `\`${secret.keyId}\`` },
    ],
  };
}

/** The one-time reveal after `create`. The value itself travels only in `secret`, never in blocks. */
export function secretCreated(secret: SecretReveal): Reply {
  return {
    tone: "success",
    title: `✅ New client secret for ${secret.applicationName}`,
    blocks: [
      { type: "text", text: copyAdvice },
      revealFields(secret),
      { type: "text", text: `*Rotating?* ${rotationSteps.map((s, i) => `${i + 1}. ${s}`).join(" ")}` },
    ],
    secret,
    isPrivate: true,
  };
}

/** The reveal after `rotate`: the four steps, with Delete buttons for the older secrets (step 4, later). */
export function secretRotated(secret: SecretReveal, older: SecretView[], calendar: Calendar): Reply {
  const steps = rotationSteps.map((s, i) => `${i === 0 ? "✅" : "⏳"} ${i + 1}. ${s}`).join("\n");
  const blocks: Block[] = [
    { type: "text", text: copyAdvice },
    revealFields(secret),
    { type: "text", text: `*Rotation*\n${steps}` },
  ];
  if (older.length > 0) {
    blocks.push({
      type: "text",
      text: "Once your systems use the new secret and connect, delete the old one (only then — deleting stops it at once):",
    });
    for (const s of older) {
      blocks.push({
        type: "item",
        text: `\`${s.hint}…\` *${s.displayName}*, expires ${calendar.dateOf(s.expiresAt)}`,
        accessory: deleteAction(secret.applicationName, s),
      });
    }
  }
  return {
    tone: "success",
    title: `✅ Rotation of ${secret.applicationName} started`,
    blocks,
    secret,
    isPrivate: true,
  };
}

/** Whether something still used the secret lately: only secrets whose use is recorded (the built-in provider's). */
function lastUse(pending: PendingDeletion, now: Date): string[] {
  const { secret } = pending;
  if (secret.hash === null) return [];
  if (secret.lastUsedAt)
    return [`⚠️ It was last used ${ago(secret.lastUsedAt, now)} to get a token: something still depends on it.`];
  return ["It has never been used to get a token (a use in the last half minute may not show yet)."];
}

export function confirmDeletion(pending: PendingDeletion, now: Date): Reply {
  const { app, secret } = pending;
  const warnings: string[] = lastUse(pending, now);
  if (pending.isActive) warnings.push("API clients using it stop working immediately.");
  if (pending.isActive && pending.othersActive === 0) {
    warnings.push(`⚠️ It is the only unexpired secret of ${app.name}: every API connection of this application stops.`);
  }
  const question = `⏳ Delete secret \`${secret.hint}…\` (${secret.displayName}) of ${app.name}?`;
  return {
    tone: "waiting",
    blocks: [{ type: "text", text: [question, ...warnings].join(" ") }],
    confirmation: {
      question,
      ...confirmationActions(pending.token),
      expiresAt: pending.expiresAt,
    },
    isPrivate: true,
  };
}

export function secretDeleted(application: string, secret: { hint: string; displayName: string }): Reply {
  return {
    tone: "success",
    blocks: [
      { type: "text", text: `✅ Deleted secret \`${secret.hint}…\` (${secret.displayName}) of ${application}.` },
    ],
    isPrivate: true,
  };
}

export const alreadyDeleted = (): Reply => ({
  tone: "success",
  blocks: [{ type: "text", text: "✅ That secret was already deleted; nothing more to do." }],
  isPrivate: true,
});

export const deletionCancelled = (): Reply => ({
  tone: "info",
  blocks: [{ type: "text", text: "Cancelled; nothing was deleted." }],
  isPrivate: true,
});

/** Asks for a display name and an expiry, on surfaces that have forms. */
export function createForm(form: CreateSecretForm): Reply {
  return {
    tone: "waiting",
    title: `${form.isRotation ? "Rotate" : "New client secret for"} ${form.applicationName}`,
    blocks: [
      {
        type: "text",
        text: `Choose a display name and an expiry (at the latest ${form.maxExpiresOn}). The value is shown once, only to you.`,
      },
    ],
    form,
    isPrivate: true,
  };
}
