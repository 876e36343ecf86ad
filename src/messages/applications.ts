/** Replies about applications: the list, one application in full, and expiring secrets. */

import { type Calendar, EXPIRING_WITHIN_DAYS } from "../calendar.js";
import { createAction, deleteAction, rotateAction, showAction, typed } from "../commands/actions.js";
import { type Access, canManage } from "../policy.js";
import type { Block, Reply } from "../reply.js";
import type { ApplicationSummary } from "../verbs/list-applications.js";
import type { ExpiringSecret } from "../verbs/list-expiring-secrets.js";
import type { ApplicationDetail, SecretView } from "../verbs/show-application.js";
import { expiryPhrase, list, plural, statusLabel } from "./format.js";
import { certificateStep, providerLabels } from "./provider.js";
import { lastUse, rotationLine } from "./rotations.js";
import { useLabel } from "./usage.js";

const accessLabel: Record<Access, string> = {
  manager: "credential manager",
  viewer: "viewer",
  administrator: "administrator (view only)",
};

function nearest(expiry: Date | null, calendar: Calendar): string {
  if (!expiry) return "no unexpired secret ❌";
  const label = calendar.status(expiry) === "expiring" ? ` ⚠️ ${expiryPhrase(expiry, calendar)}` : "";
  return `${calendar.dateOf(expiry)}${label}`;
}

export function applicationList(apps: ApplicationSummary[], calendar: Calendar, admins: string[]): Reply {
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
      { label: "Nearest expiry", value: nearest(app.nearestExpiry, calendar) },
    ],
    accessory: showAction(app.name),
  }));
  return { tone: "info", title: `Your applications (${apps.length})`, blocks, isPrivate: true };
}

/** Expiry and status; a deactivated secret says who deactivated it: the bot at its expiry, or someone at the provider. */
const expiresValue = (secret: SecretView, calendar: Calendar, providerLabel: string): string => {
  const expiry = calendar.dateOf(secret.expiresAt);
  if (!secret.deactivatedAt) return `${expiry} ${statusLabel(secret.expiresAt, calendar)}`;
  const by = secret.deactivatedBy === "provider" ? `in ${providerLabel}` : "by the bot";
  return `${expiry} ❌ deactivated ${by} on ${calendar.dateOf(secret.deactivatedAt)}`;
};

function secretItem(detail: ApplicationDetail, secret: SecretView, calendar: Calendar): Block {
  const created = `${calendar.dateOf(secret.createdAt)}${secret.createdByEmail ? ` by ${secret.createdByEmail}` : ""}`;
  return {
    type: "item",
    text: `\`${secret.hint}…\` *${secret.displayName}*${secret.isExternal ? " (created outside the bot)" : ""}`,
    fields: [
      { label: "Expires", value: expiresValue(secret, calendar, providerLabels[detail.app.provider]) },
      { label: "Created", value: created },
      {
        label: "Last used",
        value: lastUse(secret, secret.usageKnown, calendar.now, providerLabels[detail.app.provider]),
      },
      { label: "Key id", value: `\`${secret.keyId}\`` },
    ],
    ...(canManage(detail.access) ? { accessory: deleteAction(detail.app.name, secret) } : {}),
  };
}

/** A certificate: thumbprint hint, name and expiry; no button, since the bot never deletes one. */
function certificateItem(certificate: SecretView, calendar: Calendar): Block {
  return {
    type: "item",
    text: `thumbprint \`${certificate.hint}…\` *${certificate.displayName}*`,
    fields: [
      {
        label: "Expires",
        value: `${calendar.dateOf(certificate.expiresAt)} ${statusLabel(certificate.expiresAt, calendar)}`,
      },
      { label: "Valid from", value: calendar.dateOf(certificate.createdAt) },
      { label: "Key id", value: `\`${certificate.keyId}\`` },
    ],
  };
}

export function applicationDetail(detail: ApplicationDetail, calendar: Calendar): Reply {
  const { app } = detail;
  // A time-bound grant shows its end, so nobody is surprised when it stops.
  const until = (email: string, role: "manager" | "viewer") => {
    const ends = detail.grants
      .filter((g) => g.email === email && g.role === role && g.endsAt)
      .map((g) => g.endsAt?.getTime() ?? 0);
    return ends.length > 0 && ends.length === detail.grants.filter((g) => g.email === email && g.role === role).length
      ? `${email} (until ${calendar.dateOf(new Date(Math.max(...ends)))})`
      : email;
  };
  // An administrator names managers themselves; anyone else asks one.
  const grantLine =
    detail.surface === "cli"
      ? `\`steward grant <email> --app ${app.name} --role manager\``
      : typed("grant", "<email>", app.name, "manager");
  const nameManagers = detail.isAdmin ? `name at least 2 with ${grantLine}` : "ask an administrator to name at least 2";
  const managers =
    detail.managers.length === 0
      ? `none ⚠️ — ${nameManagers}`
      : `${detail.managers.map((m) => until(m, "manager")).join(", ")}${detail.managers.length < 2 ? " (⚠️ at least 2 are recommended)" : ""}`;
  const viewers = [...new Set(detail.grants.filter((g) => g.role === "viewer").map((g) => g.email))]
    .filter((v) => !detail.managers.includes(v))
    .map((v) => until(v, "viewer"));
  const blocks: Block[] = [
    {
      type: "fields",
      fields: [
        { label: "Organisation", value: detail.organisationName },
        { label: "clientId", value: `\`${app.clientId}\`` },
        { label: "APIs", value: app.apis.length > 0 ? app.apis.join(", ") : "none listed" },
        { label: "Your access", value: accessLabel[detail.access] },
        { label: "Credential managers", value: managers },
        ...(viewers.length > 0 ? [{ label: "Viewers", value: viewers.join(", ") }] : []),
      ],
    },
    { type: "divider" },
  ];
  if (detail.rotation) {
    const label = providerLabels[app.provider];
    blocks.push({ type: "text", text: rotationLine(detail.rotation, calendar, detail.rotationIdleHours, label) });
  }
  if (detail.secrets.length === 0) {
    blocks.push({ type: "text", text: "No client secrets: API clients of this application cannot get tokens." });
  } else {
    blocks.push({ type: "text", text: `*Client secrets (${detail.secrets.length})*` });
    for (const secret of detail.secrets) blocks.push(secretItem(detail, secret, calendar));
  }
  if (detail.certificates.length > 0) {
    blocks.push({ type: "text", text: `*Certificates (${detail.certificates.length})*` });
    for (const certificate of detail.certificates) blocks.push(certificateItem(certificate, calendar));
    blocks.push({ type: "text", text: certificateStep(providerLabels[app.provider]) });
  }
  if (canManage(detail.access)) {
    blocks.push({ type: "actions", actions: [createAction(app.name), rotateAction(app.name)] });
  }
  return { tone: "info", title: app.name, blocks, isPrivate: true };
}

/** A secret with no newer one that is within the expiring window: the one case to rotate now. */
const isDueForRotation = (s: ExpiringSecret, calendar: Calendar): boolean =>
  s.kind === "secret" && !s.hasSuccessor && !s.rotation && calendar.status(s.expiresAt) !== "active";

/** An older secret of a rotation nothing uses any more, which its managers are asked to delete. */
const isIdleToDelete = (s: ExpiringSecret): boolean => s.rotation?.state === "idle" && s.rotation.retire === "ask";

/** What the evidence says to do about an older secret of a rotation; null when it says nothing (unknown, done). */
function rotationStep(s: ExpiringSecret): string | null {
  const r = s.rotation;
  if (!r) return null;
  const newer = `the newer secret \`${r.newerHint}…\``;
  if (r.state === "waiting" || r.state === "switching")
    return `${s.use.kind === "in-use" ? "⚠️ still in use" : "not moved yet"}: move every system that uses it to ${newer}`;
  if (r.state === "idle")
    return r.retire === "auto"
      ? `unused since ${newer} took over: the bot deletes it`
      : `unused since ${newer} took over: delete it`;
  return null;
}

/** What to do about a secret in the expiring list: rotate only once it is within the expiring window. */
function nextStep(s: ExpiringSecret, calendar: Calendar): string {
  const fromEvidence = s.kind === "secret" ? rotationStep(s) : null;
  if (fromEvidence) return fromEvidence;
  if (s.kind === "certificate") {
    return s.hasSuccessor
      ? "a newer certificate exists: remove this one at the provider once your systems use the new one"
      : certificateStep(providerLabels[s.app.provider]).replace(/^Upload/, "upload");
  }
  if (s.hasSuccessor) return "a newer secret exists: delete this one once your systems use the new one";
  if (isDueForRotation(s, calendar)) return "rotate now";
  return `none yet: rotate from ${calendar.dateBefore(s.expiresAt, EXPIRING_WITHIN_DAYS)} (${EXPIRING_WITHIN_DAYS} days before it expires)`;
}

/** For a manager: Rotate where rotating is the next step, Delete where an unused older secret is. */
function accessoryOf(s: ExpiringSecret, calendar: Calendar) {
  if (isDueForRotation(s, calendar)) return { accessory: rotateAction(s.app.name) };
  if (isIdleToDelete(s)) return { accessory: deleteAction(s.app.name, s) };
  return {};
}

export function expiringList(secrets: ExpiringSecret[], days: number, calendar: Calendar): Reply {
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
      { label: "Expires", value: `${calendar.dateOf(s.expiresAt)} ${statusLabel(s.expiresAt, calendar)}` },
      { label: "Use", value: useLabel(s.use, calendar) },
      { label: "Next step", value: nextStep(s, calendar) },
    ],
    ...(canManage(s.app.access) ? accessoryOf(s, calendar) : {}),
  }));
  const what = secrets.some((s) => s.kind === "certificate") ? "Secrets and certificates" : "Secrets";
  return { tone: "warning", title: `${what} expiring within ${plural(days, "day")}`, blocks, isPrivate: true };
}
