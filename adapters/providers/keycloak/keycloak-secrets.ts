/**
 * A Keycloak client's secrets as the port's metadata. Keycloak keeps one current secret and, while the
 * realm's secret-rotation policy allows, the previous (rotated) one; neither has an id or a name. The
 * key id is a keyed fingerprint of the value (HMAC-SHA-256 with the bot's pepper), so it stays the same
 * when the current secret becomes the rotated one and says nothing about the value; the hint is the
 * value's first three characters, like Entra's. Expiry is the rotation policy's where it set one, else
 * the bot's lifetime from the secret's creation.
 */
import { createHmac } from "node:crypto";
import { DAY_MS } from "../../../src/messages/format.js";
import type { ProviderSecret } from "../../../src/ports/secret-provider.js";
import { type KeycloakClient, ROTATION } from "./keycloak-schemas.js";

export type SecretReading = {
  /** The pepper, so a key id reveals nothing about the value. */
  fingerprintKey: Buffer;
  /** The bot's lifetime, for a secret Keycloak sets no expiry for. */
  defaultLifetimeDays: number;
  now: Date;
};

/** A client's current and rotated secret as read from its representation. */
export type ClientSecrets = { current: ProviderSecret | null; rotated: ProviderSecret | null; keepsPrevious: boolean };

/** The key id of a secret of this client: stable for the value, and not derivable back to it. */
export const keyIdOf = (reading: Pick<SecretReading, "fingerprintKey">, clientUuid: string, value: string): string =>
  `kc-${createHmac("sha256", reading.fingerprintKey).update(`${clientUuid}:${value}`).digest("base64url").slice(0, 22)}`;

const epochSeconds = (value: string | null | undefined): Date | null => {
  const seconds = Number(value);
  return value && Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : null;
};

/** The secrets a client holds, with what the rotation policy says of them. */
export function readClientSecrets(client: KeycloakClient, reading: SecretReading): ClientSecrets {
  const at = (name: string) => client.attributes[name];
  // The rotation executor sets the current secret's expiry on every regeneration it governs.
  const policyExpiry = epochSeconds(at(ROTATION.expirationTime));
  const secret = (
    value: string,
    createdAt: Date | null,
    expiresAt: Date | null,
    displayName: string,
  ): ProviderSecret => ({
    keyId: keyIdOf(reading, client.id, value),
    hint: value.slice(0, 3),
    displayName,
    createdAt,
    expiresAt: expiresAt ?? new Date((createdAt ?? reading.now).getTime() + reading.defaultLifetimeDays * DAY_MS),
    isExpirySetByProvider: expiresAt !== null,
  });
  const created = epochSeconds(at(ROTATION.creationTime));
  const current = client.secret
    ? secret(client.secret, created, policyExpiry, "Current secret (set in Keycloak)")
    : null;
  const rotatedValue = at(ROTATION.rotatedSecret);
  const rotated = rotatedValue
    ? secret(
        rotatedValue,
        epochSeconds(at(ROTATION.rotatedCreationTime)),
        epochSeconds(at(ROTATION.rotatedExpirationTime)),
        "Previous secret (rotated in Keycloak)",
      )
    : null;
  return { current, rotated, keepsPrevious: policyExpiry !== null };
}

/** Both secrets, current first, as a list. */
export const listOf = ({ current, rotated }: ClientSecrets): ProviderSecret[] =>
  [current, rotated].filter((s): s is ProviderSecret => s !== null);
