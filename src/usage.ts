/**
 * What is said of one secret's use at a moment, from the same evidence rotations read (src/rotation.ts):
 * in use (used within ROTATION_IDLE_HOURS), unused (since its last use, or never), or unknown where the
 * provider reports no use.
 */
import type { ProviderCapabilities } from "./ports/secret-provider.js";
import { isUsageKnown, type Usage } from "./rotation.js";

export type SecretUse =
  | { kind: "in-use"; lastUsedAt: Date; lastUsedFrom: string | null }
  /** `since` is its last use; null when it was never used. */
  | { kind: "unused"; since: Date | null; lastUsedFrom: string | null }
  | { kind: "unknown" };

/** Evidence from after the moment asked about does not count (`--now` in the past). */
const asOf = (at: Date | null, now: Date): Date | null => (at !== null && at.getTime() <= now.getTime() ? at : null);

export function secretUse(
  capabilities: Pick<ProviderCapabilities, "usage">,
  secret: Usage & { lastUsedFrom: string | null },
  now: Date,
  idleHours: number,
): SecretUse {
  if (!isUsageKnown(capabilities, secret)) return { kind: "unknown" };
  const last = asOf(secret.lastUsedAt, now);
  if (last && now.getTime() - last.getTime() < idleHours * 3_600_000)
    return { kind: "in-use", lastUsedAt: last, lastUsedFrom: secret.lastUsedFrom };
  return { kind: "unused", since: last, lastUsedFrom: last ? secret.lastUsedFrom : null };
}
