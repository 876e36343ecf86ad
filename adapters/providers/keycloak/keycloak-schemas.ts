/**
 * The shapes the Keycloak Admin REST API answers with, parsed with zod at the boundary. Unknown fields
 * are ignored; anything that does not match is an outage, not data. A client representation carries
 * the current secret's value (`secret`) and, where the realm's client policy keeps one, the rotated
 * secret's value in `attributes`: they are read only to derive a hint and a key id, never kept.
 */
import { z } from "zod";

/** The client attributes Keycloak's secret-rotation executor keeps (times in epoch seconds, as strings). */
export const ROTATION = {
  creationTime: "client.secret.creation.time",
  expirationTime: "client.secret.expiration.time",
  rotatedSecret: "client.secret.rotated",
  rotatedCreationTime: "client.secret.rotated.creation.time",
  rotatedExpirationTime: "client.secret.rotated.expiration.time",
} as const;

/** A ClientRepresentation, as much of it as the bot reads. */
export const KeycloakClient = z.object({
  id: z.string().min(1),
  clientId: z.string().min(1),
  name: z.string().nullish(),
  publicClient: z.boolean().default(false),
  bearerOnly: z.boolean().default(false),
  clientAuthenticatorType: z.string().default("client-secret"),
  secret: z.string().nullish(),
  attributes: z.record(z.string(), z.string().nullable()).default({}),
});
export type KeycloakClient = z.infer<typeof KeycloakClient>;

export const KeycloakClients = z.array(KeycloakClient);

/** The answer of POST …/client-secret: the new current secret, returned this once to the bot. */
export const CredentialRepresentation = z.object({ type: z.literal("secret"), value: z.string().min(1) });

/** Keycloak's error bodies: `{error, error_description}` (OAuth style) or `{errorMessage}`. */
const KeycloakError = z.union([
  z.object({ error: z.string(), error_description: z.string().optional() }),
  z.object({ errorMessage: z.string() }),
]);

/** A Keycloak error body as a code and a message, for the log. */
export function readKeycloakError(json: unknown): { code: string; message: string } | null {
  const parsed = KeycloakError.safeParse(json);
  if (!parsed.success) return null;
  const body = parsed.data;
  return "errorMessage" in body
    ? { code: "error", message: body.errorMessage }
    : { code: body.error, message: body.error_description ?? "" };
}

/** A confidential client authenticating with a secret: the only kind whose secrets the bot can manage. */
export const hasSecret = (client: KeycloakClient): boolean =>
  !client.publicClient && !client.bearerOnly && client.clientAuthenticatorType.startsWith("client-secret");
