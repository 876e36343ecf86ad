/** What is said about the evidence of use and about rotations: in `show`, `steward rotation list` and reminders. */
import type { Calendar } from "../calendar.js";
import { typed } from "../commands/actions.js";
import type { RotationSecret, RotationView } from "../verbs/rotations.js";
import { ago, isoMinute, list, plural } from "./format.js";

type Used = { lastUsedAt: Date | null; lastUsedFrom: string | null };

/** "4 minutes ago from 10.1.2.3", "never", or "unknown (…)" when the provider reports no use. */
export function lastUse(secret: Used, usageKnown: boolean, now: Date, providerLabel: string): string {
  if (!usageKnown) return `unknown (${providerLabel} does not report it)`;
  if (!secret.lastUsedAt) return "never";
  return `${ago(secret.lastUsedAt, now)}${secret.lastUsedFrom ? ` from ${secret.lastUsedFrom}` : ""}`;
}

const hintOf = (s: Pick<RotationSecret, "hint">) => `\`${s.hint}…\``;
const oldersOf = (r: RotationView) => list(r.olders.map(hintOf));
const olderNoun = (r: RotationView) => (r.olders.length === 1 ? "older secret" : "older secrets");

/** When each older secret was last used, for a sentence: "was last used 4 minutes ago from 10.1.2.3". */
function olderUses(r: RotationView, now: Date): string {
  const uses = r.olders.map(
    (s) => `${hintOf(s)} ${s.lastUsedAt ? `was last used ${lastUse(s, true, now, "")}` : "was never used"}`,
  );
  return list(uses);
}

/** What happens to idle older secrets next: retired by the bot's next reminder pass, or its managers asked. */
function idleNext(r: RotationView): string {
  const them = r.olders.length === 1 ? "it" : "them";
  if (r.retire === "auto")
    return `The bot deletes ${them} at its next reminder pass, after checking again that nothing used ${them}.`;
  if (r.askedAt)
    return `The managers were asked ${isoMinute(r.askedAt)} to delete ${them}; the button there or ${typed("delete", r.application.name, r.olders[0]?.hint ?? "")} does it.`;
  return `The managers are asked at the next reminder pass to delete ${them}; or delete ${them} now with ${typed("delete", r.application.name, r.olders[0]?.hint ?? "")}.`;
}

/** Where the application's rotation stands, in one line. */
export function rotationLine(r: RotationView, calendar: Calendar, hours: number, providerLabel: string): string {
  const now = calendar.now;
  const newer = `the newer secret ${hintOf(r.newer)}`;
  switch (r.state) {
    case "done":
      return `✅ *Rotation done:* ${newer} took over; no older secret is left.`;
    case "unknown":
      return `🔄 *Rotation:* usage unknown. ${providerLabel} does not report which secret is used, so delete the ${olderNoun(r)} ${oldersOf(r)} yourself once nothing uses ${r.olders.length === 1 ? "it" : "them"}.`;
    case "waiting":
      return `⏳ *Rotation waiting:* ${newer} has never been used; ${olderUses(r, now)}. Update your systems to use the newer secret.`;
    case "switching":
      return `🔄 *Rotation switching:* ${newer} is in use (first used ${ago(r.newer.firstUsedAt ?? r.newer.lastUsedAt ?? now, now)}); ${olderUses(r, now)}. The ${olderNoun(r)} count${r.olders.length === 1 ? "s" : ""} as idle after ${plural(hours, "hour")} without use${r.idleFrom ? ` (${isoMinute(r.idleFrom)} at the earliest)` : ""}.`;
    case "idle":
      return `✅ *Rotation idle:* ${newer} is in use, and nothing has used the ${olderNoun(r)} ${oldersOf(r)} for ${plural(hours, "hour")} or more. ${idleNext(r)}`;
  }
}

/** A rotation for `steward rotation list`, as JSON. */
export const rotationJson = (r: RotationView) => ({
  application: r.application.name,
  clientId: r.application.clientId,
  newer: { hint: r.newer.hint, keyId: r.newer.keyId, firstUsedAt: r.newer.firstUsedAt?.toISOString() ?? null },
  older: r.olders.map((s) => ({
    hint: s.hint,
    keyId: s.keyId,
    lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
    lastUsedFrom: s.lastUsedFrom,
  })),
  state: r.state,
  retire: r.retire,
  startedAt: r.startedAt.toISOString(),
});
