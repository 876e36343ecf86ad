/**
 * The state behind the fake Keycloak: one realm's clients as the Admin REST API represents them
 * (ClientRepresentation), with the secret-rotation executor's client attributes. Tests change it
 * directly to play an administrator regenerating a secret in the admin console.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../../src/ports/clock.js";

export type FakeClient = {
  id: string;
  clientId: string;
  name: string;
  publicClient: boolean;
  bearerOnly: boolean;
  clientAuthenticatorType: string;
  secret: string;
  attributes: Record<string, string>;
};

/** The realm's secret-rotation policy (a client profile with the `secret-rotation` executor), in seconds. */
export type RotationPolicy = { expirationSeconds: number; rotatedExpirationSeconds: number };

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A value shaped like Keycloak's generated client secrets: 32 alphanumeric characters. */
export const keycloakLikeSecret = (): string =>
  [...randomBytes(32)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join("");

export class FakeKeycloakRealm {
  readonly clients: FakeClient[] = [];
  /** Every secret value ever generated, so tests can prove none of them was kept anywhere. */
  readonly secretValues: string[] = [];
  /** Null: no rotation policy, so regenerating ends the current secret at once. */
  rotation: RotationPolicy | null = { expirationSeconds: 90 * 86_400, rotatedExpirationSeconds: 3 * 86_400 };

  constructor(private readonly clock: Clock) {}

  addClient(clientId: string, options: Partial<Omit<FakeClient, "id" | "clientId">> = {}): FakeClient {
    const client: FakeClient = {
      id: randomUUID(),
      clientId,
      name: options.name ?? "",
      publicClient: options.publicClient ?? false,
      bearerOnly: options.bearerOnly ?? false,
      clientAuthenticatorType: options.clientAuthenticatorType ?? "client-secret",
      secret: "",
      attributes: {},
    };
    this.clients.push(client);
    this.regenerate(client);
    return client;
  }

  byId(id: string): FakeClient | undefined {
    return this.clients.find((c) => c.id === id);
  }

  /** POST client-secret (or Regenerate in the admin console), as the rotation executor does it. */
  regenerate(client: FakeClient): string {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const value = keycloakLikeSecret();
    this.secretValues.push(value);
    const { attributes } = client;
    if (this.rotation && client.secret) {
      attributes["client.secret.rotated"] = client.secret;
      attributes["client.secret.rotated.creation.time"] = String(now);
      attributes["client.secret.rotated.expiration.time"] = String(now + this.rotation.rotatedExpirationSeconds);
    }
    if (this.rotation) {
      attributes["client.secret.expiration.time"] = String(now + this.rotation.expirationSeconds);
    } else {
      // Without the policy Keycloak removes the rotation information: only the new secret works.
      for (const name of Object.keys(attributes)) if (name.startsWith("client.secret.")) delete attributes[name];
    }
    client.secret = value;
    attributes["client.secret.creation.time"] = String(now);
    return value;
  }

  /** DELETE client-secret/rotated: Keycloak removes the rotated secret's attributes. */
  invalidateRotated(client: FakeClient): void {
    for (const name of Object.keys(client.attributes)) {
      if (name.startsWith("client.secret.rotated")) delete client.attributes[name];
    }
  }

  /** Whether a value still authenticates the client, as Keycloak's token endpoint checks it. */
  accepts(client: FakeClient, value: string): boolean {
    const now = this.clock.now().getTime() / 1000;
    const rotatedUntil = Number(client.attributes["client.secret.rotated.expiration.time"] ?? 0);
    return value === client.secret || (value === client.attributes["client.secret.rotated"] && now < rotatedUntil);
  }
}
