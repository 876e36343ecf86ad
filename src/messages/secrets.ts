/** Replies about one secret: created (the one-time reveal), rotation, delete confirmation, deleted. */

import type { Calendar } from "../calendar.js";
import { confirmationActions, deleteAction } from "../commands/actions.js";
import type { Action, Block, Form, FormReply, Reply, SecretReveal } from "../reply.js";
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

/** Older secrets the provider ended along with the new one, said right under the value. */
const endedBlocks = (secret: SecretReveal): Block[] =>
  (secret.ended ?? []).map((s) => ({
    type: "text",
    text: `⚠️ The older secret \`${s.hint}…\` (${s.displayName}) has ended: the provider keeps only one previous secret.`,
  }));

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
      ...endedBlocks(secret),
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
    ...endedBlocks(secret),
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

/** What else happens when this secret is deleted, from what the provider can do. */
function deletionEffects(pending: PendingDeletion): string[] {
  const { app, providerLabel: label } = pending;
  const effects: string[] = [];
  if (pending.isRegenerating) {
    effects.push(
      `${label} cannot leave a client without a secret: deleting its current secret makes ${label} generate a new one, which nobody sees.`,
    );
    for (const s of pending.alsoEnding) effects.push(`The previous secret \`${s.hint}…\` (${s.displayName}) ends too.`);
    effects.push(`To use ${app.name} again afterwards, create a new secret.`);
  }
  if (pending.isTwoStep && pending.isActive) {
    effects.push(`${label} deletes in two steps: the bot deactivates it, then deletes it.`);
  }
  return effects;
}

/**
 * Whether something still used the secret lately, and from where: as the bot recorded it (built-in),
 * as the provider reports it (Entra's sign-in activity), or that nobody can say.
 */
function lastUse(pending: PendingDeletion, now: Date): string[] {
  const { secret, providerLabel: label } = pending;
  if (!pending.isUsageKnown) {
    return pending.usage === "reported"
      ? [`Whether anything still uses it is unknown: ${label}'s sign-in activity could not be read.`]
      : [`Whether anything still uses it is unknown: ${label} does not report it.`];
  }
  const from = secret.lastUsedFrom ? ` from ${secret.lastUsedFrom}` : "";
  if (pending.usage === "reported") {
    return secret.lastUsedAt
      ? [`⚠️ ${label} reports it was last used ${ago(secret.lastUsedAt, now)}: something may still depend on it.`]
      : [`${label} reports no use of it.`];
  }
  if (secret.lastUsedAt)
    return [`⚠️ It was last used ${ago(secret.lastUsedAt, now)}${from} to get a token: something still depends on it.`];
  return ["It has never been used to get a token (a use in the last half minute may not show yet)."];
}

export function confirmDeletion(pending: PendingDeletion, now: Date): Reply {
  const { app, secret } = pending;
  const warnings: string[] = lastUse(pending, now);
  if (pending.isActive) warnings.push("API clients using it stop working immediately.");
  warnings.push(...deletionEffects(pending));
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

/** The words of the create and rotate form. */
export const secretFormText = {
  title: (isRotation: boolean) => (isRotation ? "Rotate secret" : "New client secret"),
  submit: (isRotation: boolean) => (isRotation ? "Rotate" : "Create"),
  application: "Application",
  displayName: "Display name",
  expiresOn: "Expires on",
  replacing: "Secret it ends",
  retire: "Once the older secret is idle",
  retireHint:
    "When the application has other secrets, the bot watches which one your systems use; once nothing has used the older one for a while, it can be deleted.",
  retireChoice: { ask: "Ask me to delete it", auto: "Delete it for me" } as const,
  expiryHint: (latest: string, timeZone: string) =>
    `At the latest ${latest}. The secret works through the end of the date you choose (${timeZone}); API clients stop after it.`,
  creating: (application?: string) => `⏳ Creating the client secret${application ? ` for ${application}` : ""}…`,
};

/** Asks for a display name and an expiry; says first what creating ends at the provider, if anything. */
export function createForm(
  form: Form,
  about: { applicationName: string; isRotation: boolean; latest: string; notice?: string },
): FormReply {
  return {
    tone: "waiting",
    title: `${about.isRotation ? "Rotate" : "New client secret for"} ${about.applicationName}`,
    blocks: [
      {
        type: "text",
        text: `Choose a display name and an expiry (at the latest ${about.latest}). The value is shown once, only to you.`,
      },
      ...(about.notice ? [{ type: "text" as const, text: about.notice }] : []),
    ],
    form,
    isPrivate: true,
  };
}

/** Creating would end an unexpired secret at the provider: says so, with a button that goes ahead anyway. */
export function secretsWouldEnd(notice: string, goAhead: Action): Reply {
  return {
    tone: "waiting",
    blocks: [
      { type: "text", text: `⏳ ${notice.replace(/^⚠️ /u, "")} Go ahead only once nothing uses it any more.` },
      { type: "actions", actions: [goAhead] },
    ],
    isPrivate: true,
  };
}
