/** Replies to administration: grants, alert channels, the audit log. */
import type { Reply } from "../reply.js";
import type { GrantOutcome } from "../verbs/grant-access.js";
import type { AuditEntry } from "../verbs/list-audit-entries.js";
import type { GrantTarget } from "../verbs/resolve-grant-target.js";
import { isoMinute } from "./format.js";

const done = (text: string): Reply => ({ tone: "success", blocks: [{ type: "text", text }], isPrivate: true });

const targetLabel = (t: GrantTarget) =>
  t.kind === "application" ? `application ${t.name}` : `organisation ${t.name} (all its applications)`;

export function granted(outcome: GrantOutcome): Reply {
  const until = outcome.endsAt ? ` until ${isoMinute(outcome.endsAt)}` : "";
  // "now" goes with the verb ("is now a viewer … until …"), never after the end date.
  const is = outcome.change === "changed" ? "is now" : "is";
  const what = `${outcome.email} ${is} ${outcome.role === "manager" ? "a credential manager" : "a viewer"} of ${targetLabel(outcome.target)}${until}`;
  const text = outcome.change === "unchanged" ? `✅ Nothing to change: ${what} already.` : `✅ ${what}.`;
  const advice =
    outcome.managers !== null && outcome.managers.length < 2
      ? ` ⚠️ ${outcome.target.name} has ${outcome.managers.length} credential manager${outcome.managers.length === 1 ? "" : "s"}; at least 2 are recommended.`
      : "";
  return done(text + advice);
}

export const revoked = (email: string, target: GrantTarget, isRevoked: boolean): Reply =>
  done(
    isRevoked
      ? `✅ ${email} no longer has access to ${targetLabel(target)}.`
      : `✅ Nothing to revoke: ${email} holds no grant on ${targetLabel(target)}.`,
  );

export const alertsChanged = (organisation: string, isOn: boolean, isChanged: boolean): Reply =>
  done(
    isOn
      ? `✅ This channel ${isChanged ? "now gets" : "already gets"} the expiry alerts of ${organisation}.`
      : `✅ This channel ${isChanged ? "no longer gets" : "was not getting"} the expiry alerts of ${organisation}.`,
  );

export function describeAudit(entry: AuditEntry): string {
  const d = entry.detail as Record<string, unknown>;
  const secret = d.hint ? ` \`${String(d.hint)}…\`${d.displayName ? ` (${String(d.displayName)})` : ""}` : "";
  const who = d.email ? ` ${String(d.email)}${d.role ? ` as ${String(d.role)}` : ""}` : "";
  return `${entry.action}${secret}${who} · ${entry.target}`;
}

/** The audit entries of one application (`scope`: its name), or of everything when there is no scope. */
export function auditList(entries: AuditEntry[], scope?: string): Reply {
  if (entries.length === 0) {
    const text = scope === undefined ? "No audit entries yet." : `No audit entries for ${scope} yet.`;
    return { tone: "info", blocks: [{ type: "text", text }], isPrivate: true };
  }
  return {
    tone: "info",
    title: `Audit${scope === undefined ? "" : `: ${scope}`} (latest ${entries.length})`,
    blocks: entries.map((e) => ({
      type: "item",
      text: `${isoMinute(e.at)} · ${e.actor} (${e.surface}) · ${describeAudit(e)}`,
    })),
    isPrivate: true,
  };
}
