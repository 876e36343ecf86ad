/**
 * A rotation's state, read from the evidence of use at a moment (INTERFACE.md, "Rotation"): pure, so
 * `show`, `steward rotation list --now …` and the reminder pass all say the same of the same evidence.
 */
import type { ProviderCapabilities } from "./ports/secret-provider.js";

export const rotationStates = ["waiting", "switching", "idle", "done", "unknown"] as const;
export type RotationState = (typeof rotationStates)[number];

/** What is known of one secret's use. */
export type Usage = {
  firstUsedAt: Date | null;
  lastUsedAt: Date | null;
  /** When the provider last reported its use (providers that report it); null: the report was not read. */
  usageReportedAt: Date | null;
};

/** Whether anything is known of a secret's use: recorded by the bot, or reported by the provider lately read. */
export const isUsageKnown = (capabilities: Pick<ProviderCapabilities, "usage">, secret: Usage): boolean =>
  capabilities.usage === "recorded" || (capabilities.usage === "reported" && secret.usageReportedAt !== null);

/** Evidence from after the moment asked about does not count (`--now` in the past). */
const asOf = (at: Date | null, now: Date): Date | null => (at !== null && at.getTime() <= now.getTime() ? at : null);

export type RotationEvidence = {
  newer: Usage;
  /** The older secrets still left: unexpired at the moment, not deactivated, not deleted. */
  olders: Usage[];
  now: Date;
  idleHours: number;
  capabilities: Pick<ProviderCapabilities, "usage">;
};

export type RotationReading = {
  state: RotationState;
  /** Since when the older secrets have been idle (`idle`), or when they will be (`switching`). */
  idleFrom: Date | null;
};

/**
 * `done` when no older secret is left; `unknown` when the use of the newer or an older one is not known;
 * `waiting` until the newer is used; then `idle` once no older secret has been used for `idleHours`,
 * counted from its last use or the newer's first use, whichever is later; `switching` before that.
 */
export function readRotation(e: RotationEvidence): RotationReading {
  if (e.olders.length === 0) return { state: "done", idleFrom: null };
  if (![e.newer, ...e.olders].every((s) => isUsageKnown(e.capabilities, s)))
    return { state: "unknown", idleFrom: null };
  const newerFirstUse = asOf(e.newer.firstUsedAt, e.now) ?? asOf(e.newer.lastUsedAt, e.now);
  if (newerFirstUse === null) return { state: "waiting", idleFrom: null };
  const lastOlderUse = Math.max(...e.olders.map((s) => asOf(s.lastUsedAt, e.now)?.getTime() ?? 0));
  const idleFrom = new Date(Math.max(lastOlderUse, newerFirstUse.getTime()) + e.idleHours * 3_600_000);
  return { state: idleFrom.getTime() <= e.now.getTime() ? "idle" : "switching", idleFrom };
}
