/**
 * The shapes Microsoft Graph v1.0 answers with, parsed with zod at the boundary (the token endpoint's are in
 * adapters/oauth/). Unknown fields are ignored; anything that does not match is an outage, not data.
 */
import { z } from "zod";
import { withoutControlCharacters } from "../../../src/names.js";
import type { ProviderSecret } from "../../../src/ports/secret-provider.js";

const Timestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** An OData error body: `{"error":{"code","message"}}`. Logged, never shown to people. */
export const ODataError = z.object({
  error: z.object({ code: z.string(), message: z.string().default("") }),
});
export type ODataError = z.infer<typeof ODataError>;

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

/** An application with `$select=id,appId,displayName,passwordCredentials`. */
export const GraphApplication = z.object({
  id: z.string().min(1),
  appId: z.string().min(1),
  displayName: z.string().nullish(),
  passwordCredentials: z.array(PasswordCredential).default([]),
});
export type GraphApplication = z.infer<typeof GraphApplication>;

/** One page of a collection; `@odata.nextLink` is the next page's absolute URL. */
export const ApplicationPage = z.object({
  value: z.array(GraphApplication),
  "@odata.nextLink": z.url().optional(),
});

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
