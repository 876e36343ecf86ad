/** Replies about applications: the list, one application in full, and expiring secrets. */

import { createAction, deleteAction, rotateAction, showAction } from "../commands/actions.js";
import type { Access } from "../policy.js";
import type { Block, Reply } from "../reply.js";
import type { ApplicationSummary } from "../verbs/list-applications.js";
import type { ExpiringSecret } from "../verbs/list-expiring-secrets.js";
import type { ApplicationDetail, SecretView } from "../verbs/show-application.js";
import { daysLeft, isoDate, list, plural, secretStatus, statusLabel } from "./format.js";
import { certificateStep, providerLabels } from "./provider.js";

const accessLabel: Record<Access, string> = {
  manager: "credential manager",
  viewer: "viewer",
  administrator: "administrator (view only)",
};

function nearest(expiry: Date | null, now: Date): string {
  if (!expiry) return "no unexpired secret ❌";
  const label = secretStatus(expiry, now) === "expiring" ? ` ⚠️ in ${plural(daysLeft(expiry, now), "day")}` : "";
  return `${isoDate(expiry)}${label}`;
}

export function applicationList(apps: ApplicationSummary[], now: Date, admins: string[]): Reply {
  if (apps.length === 0) {
    const ask = admins.length > 0 ? `ask an administrator (${list(admins)})` : "ask your administrator";
    return {
      tone: "info",
      blocks: [{ type: "text", text: `You have no applications yet. For access, ${ask}.` }],
      isPrivate: true,
    };
  }
  const blocks: Block[] = apps.map((app) => ({
    type: "item",
    text: `*${app.name}* · ${app.organisationName} · \`${app.clientId}\``,
    fields: [
      { label: "Your access", value: accessLabel[app.access] },
      { label: "Secrets", value: `${app.activeSecrets} unexpired` },
      { label: "Nearest expiry", value: nearest(app.nearestExpiry, now) },
    ],
    accessory: showAction(app.name),
  }));
  return { tone: "info", title: `Your applications (${apps.length})`, blocks, isPrivate: true };
}

/** Expiry and status; a secret the bot deactivated at its expiry says so. */
const expiresValue = (secret: SecretView, now: Date): string =>
  secret.deactivatedAt
    ? `${isoDate(secret.expiresAt)} ❌ deactivated by the bot on ${isoDate(secret.deactivatedAt)}`
    : `${isoDate(secret.expiresAt)} ${statusLabel(secret.expiresAt, now)}`;

function secretItem(detail: ApplicationDetail, secret: SecretView, now: Date): Block {
  const created = `${isoDate(secret.createdAt)}${secret.createdByEmail ? ` by ${secret.createdByEmail}` : ""}`;
  return {
    type: "item",
    text: `\`${secret.hint}…\` *${secret.displayName}*${secret.isExternal ? " (created outside the bot)" : ""}`,
    fields: [
      { label: "Expires", value: expiresValue(secret, now) },
      { label: "Created", value: created },
      { label: "Last used", value: secret.lastUsedAt ? isoDate(secret.lastUsedAt) : "never" },
      { label: "Key id", value: `\`${secret.keyId}\`` },
    ],
    ...(detail.access === "manager" ? { accessory: deleteAction(detail.app.name, secret) } : {}),
  };
}

/** A certificate: thumbprint hint, name and expiry; no button, since the bot never deletes one. */
function certificateItem(certificate: SecretView, now: Date): Block {
  return {
    type: "item",
    text: `thumbprint \`${certificate.hint}…\` *${certificate.displayName}*`,
    fields: [
      { label: "Expires", value: expiresValue(certificate, now) },
      { label: "Valid from", value: isoDate(certificate.createdAt) },
      { label: "Key id", value: `\`${certificate.keyId}\`` },
    ],
  };
}

export function applicationDetail(detail: ApplicationDetail, now: Date): Reply {
  const { app } = detail;
  const managers =
    detail.managers.length === 0
      ? "none ⚠️ — ask an administrator to name at least 2"
      : `${detail.managers.join(", ")}${detail.managers.length < 2 ? " (⚠️ at least 2 are recommended)" : ""}`;
  const blocks: Block[] = [
    {
      type: "fields",
      fields: [
        { label: "Organisation", value: detail.organisationName },
        { label: "clientId", value: `\`${app.clientId}\`` },
        { label: "APIs", value: app.apis.length > 0 ? app.apis.join(", ") : "none listed" },
        { label: "Your access", value: accessLabel[detail.access] },
        { label: "Credential managers", value: managers },
      ],
    },
    { type: "divider" },
  ];
  if (detail.secrets.length === 0) {
    blocks.push({ type: "text", text: "No client secrets: API clients of this application cannot get tokens." });
  } else {
    blocks.push({ type: "text", text: `*Client secrets (${detail.secrets.length})*` });
    for (const secret of detail.secrets) blocks.push(secretItem(detail, secret, now));
  }
  if (detail.certificates.length > 0) {
    blocks.push({ type: "text", text: `*Certificates (${detail.certificates.length})*` });
    for (const certificate of detail.certificates) blocks.push(certificateItem(certificate, now));
    blocks.push({ type: "text", text: certificateStep(providerLabels[app.provider]) });
  }
  if (detail.access === "manager") {
    blocks.push({ type: "actions", actions: [createAction(app.name), rotateAction(app.name)] });
  }
  return { tone: "info", title: app.name, blocks, isPrivate: true };
}

function expiringStep(s: ExpiringSecret): string {
  if (s.kind === "certificate") {
    return s.hasSuccessor
      ? "a newer certificate exists: remove this one at the provider once your systems use the new one"
      : certificateStep(providerLabels[s.app.provider]).replace(/^Upload/, "upload");
  }
  return s.hasSuccessor ? "a newer secret exists: delete this one once your systems use the new one" : "rotate now";
}

export function expiringList(secrets: ExpiringSecret[], days: number, now: Date): Reply {
  if (secrets.length === 0) {
    return {
      tone: "success",
      blocks: [{ type: "text", text: `✅ No secret of your applications expires within ${plural(days, "day")}.` }],
      isPrivate: true,
    };
  }
  const blocks: Block[] = secrets.map((s) => ({
    type: "item",
    text: `*${s.app.name}* ${s.kind === "certificate" ? "certificate " : ""}\`${s.hint}…\` ${s.displayName}`,
    fields: [
      { label: "Expires", value: `${isoDate(s.expiresAt)} ${statusLabel(s.expiresAt, now)}` },
      { label: "Next step", value: expiringStep(s) },
    ],
    ...(s.app.access === "manager" && s.kind === "secret" && !s.hasSuccessor
      ? { accessory: rotateAction(s.app.name) }
      : {}),
  }));
  const what = secrets.some((s) => s.kind === "certificate") ? "Secrets and certificates" : "Secrets";
  return { tone: "warning", title: `${what} expiring within ${plural(days, "day")}`, blocks, isPrivate: true };
}
