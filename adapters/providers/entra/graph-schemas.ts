/**
 * The shapes Microsoft Graph v1.0 answers with, parsed with zod at the boundary (the token endpoint's are in
 * adapters/oauth/). Unknown fields are ignored; anything that does not match is an outage, not data.
 */
import { z } from "zod";
import { withoutControlCharacters } from "../../../src/names.js";
import type { ProviderSecret } from "../../../src/ports/secret-provider.js";

const Timestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** An OData error body: `{"error":{"code","message"}}`. Logged, never shown to people. */
const ODataError = z.object({
  error: z.object({ code: z.string(), message: z.string().default("") }),
});

/** A passwordCredential as listed on an application (`secretText` is always null here). */
export const PasswordCredential = z.object({
  keyId: z.uuid(),
  displayName: z.string().nullish(),
  hint: z.string().nullish(),
  startDateTime: Timestamp.nullish(),
  endDateTime: Timestamp,
});
export type PasswordCredential = z.infer<typeof PasswordCredential>;

/** The answer of addPassword: the only time Graph returns `secretText`. */
export const AddedPassword = PasswordCredential.extend({
  hint: z.string().min(1),
  secretText: z.string().min(1),
});

/**
 * A certificate (keyCredential) as listed on an application: `customKeyIdentifier` is the certificate's
 * SHA-1 thumbprint, base64-encoded. Graph leaves `key` out of listings; the bot never needs it.
 */
export const KeyCredential = z.object({
  keyId: z.uuid(),
  customKeyIdentifier: z.string().nullish(),
  displayName: z.string().nullish(),
  startDateTime: Timestamp.nullish(),
  endDateTime: Timestamp,
});
export type KeyCredential = z.infer<typeof KeyCredential>;

/** An application with `$select=id,appId,displayName,passwordCredentials,keyCredentials`. */
export const GraphApplication = z.object({
  id: z.string().min(1),
  appId: z.string().min(1),
  displayName: z.string().nullish(),
  passwordCredentials: z.array(PasswordCredential).default([]),
  keyCredentials: z.array(KeyCredential).default([]),
});
export type GraphApplication = z.infer<typeof GraphApplication>;

/** One page of a collection; `@odata.nextLink` is the next page's absolute URL. */
export const ApplicationPage = z.object({
  value: z.array(GraphApplication),
  "@odata.nextLink": z.url().optional(),
});

/**
 * One page of the beta report `appCredentialSignInActivities`: each credential's last sign-in. Only
 * `keyId` and `signInActivity.lastSignInDateTime` are read (Microsoft's own examples disagree on the
 * other fields); a row without a usable key id or sign-in is no evidence and is skipped.
 */
export const SignInActivityPage = z.object({
  value: z.array(
    z.object({
      keyId: z.string().nullish(),
      signInActivity: z.object({ lastSignInDateTime: Timestamp.nullish() }).nullish(),
    }),
  ),
  "@odata.nextLink": z.url().optional(),
});

/** Graph's OData error body as a code and a message, for the log. */
export const readODataError = (json: unknown) => {
  const parsed = ODataError.safeParse(json);
  return parsed.success ? parsed.data.error : null;
};

/** A listed credential as the port's provider-neutral metadata. */
export function toProviderSecret(credential: PasswordCredential): ProviderSecret {
  return {
    keyId: credential.keyId,
    // Credentials made before Graph kept hints have none.
    hint: credential.hint || "???",
    // Named in the Entra portal or by a script: control characters are dropped (see src/names.ts).
    displayName: withoutControlCharacters(credential.displayName ?? "").trim() || "Unnamed secret",
    createdAt: credential.startDateTime ?? null,
    expiresAt: credential.endDateTime,
  };
}

/** How many hex digits of a certificate's thumbprint its hint shows (the portal shows them all). */
const THUMBPRINT_HINT = 8;

/** A listed certificate as provider-neutral metadata; its hint is the start of its thumbprint in hex. */
function toProviderCertificate(credential: KeyCredential): ProviderSecret {
  const thumbprint = Buffer.from(credential.customKeyIdentifier ?? "", "base64")
    .toString("hex")
    .toUpperCase();
  return {
    keyId: credential.keyId,
    hint: thumbprint.slice(0, THUMBPRINT_HINT) || "????????",
    displayName: credential.displayName?.trim() || "Unnamed certificate",
    createdAt: credential.startDateTime ?? null,
    expiresAt: credential.endDateTime,
    kind: "certificate",
  };
}

/** Everything an application holds that expires: its secrets, then its certificates. */
export const credentialsOf = (app: GraphApplication): ProviderSecret[] => [
  ...app.passwordCredentials.map(toProviderSecret),
  ...app.keyCredentials.map(toProviderCertificate),
];
