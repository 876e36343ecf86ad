/**
 * The shapes the Okta Management API answers with, parsed with zod at the boundary. Unknown fields are
 * ignored; anything that does not match is an outage, not data. Okta returns a secret's value only in
 * the answer that created it; listings carry a hashed stand-in the bot never reads.
 */
import { z } from "zod";
import { DAY_MS } from "../../../src/messages/format.js";
import type { ProviderSecret } from "../../../src/ports/secret-provider.js";

const Timestamp = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** An OAuth 2.0 client secret of an app (`/api/v1/apps/{appId}/credentials/secrets`). */
export const OktaClientSecret = z.object({
  id: z.string().min(1),
  status: z.enum(["ACTIVE", "INACTIVE"]),
  created: Timestamp,
});
export type OktaClientSecret = z.infer<typeof OktaClientSecret>;

export const OktaClientSecrets = z.array(OktaClientSecret);

/** The answer of creating a secret: the only time Okta returns `client_secret` in clear. */
export const CreatedOktaSecret = OktaClientSecret.extend({ client_secret: z.string().min(1) });

/** An app as listed (`/api/v1/apps`), as much as the bot reads: OIDC apps carry their OAuth client. */
export const OktaApp = z.object({
  id: z.string().min(1),
  label: z.string().nullish(),
  signOnMode: z.string().nullish(),
  credentials: z
    .object({
      oauthClient: z
        .object({ client_id: z.string().min(1), token_endpoint_auth_method: z.string().nullish() })
        .nullish(),
    })
    .nullish(),
});
export type OktaApp = z.infer<typeof OktaApp>;

export const OktaApps = z.array(OktaApp);

/** Okta's error body: `{errorCode, errorSummary}`, e.g. E0000006 for a missing permission. */
const OktaError = z.object({ errorCode: z.string(), errorSummary: z.string().default("") });

export function readOktaError(json: unknown): { code: string; message: string } | null {
  const parsed = OktaError.safeParse(json);
  return parsed.success ? { code: parsed.data.errorCode, message: parsed.data.errorSummary } : null;
}

/** An OIDC app that authenticates with a client secret: the only kind whose secrets the bot can manage. */
export const clientSecretApp = (app: OktaApp): string | null => {
  const client = app.credentials?.oauthClient;
  const usesSecret = (client?.token_endpoint_auth_method ?? "").startsWith("client_secret");
  return app.signOnMode === "OPENID_CONNECT" && client && usesSecret ? client.client_id : null;
};

/**
 * A listed secret as the port's metadata. Okta keeps no name, no hint and no expiry: a secret made in
 * the Okta console gets the bot's lifetime from its creation, and a secret the bot made keeps its own.
 * An inactive one (deactivated in the console, or by the bot at its expiry) no longer works.
 */
export function toProviderSecret(secret: OktaClientSecret, defaultLifetimeDays: number): ProviderSecret {
  return {
    keyId: secret.id,
    hint: "???",
    displayName: "Secret made in Okta",
    createdAt: secret.created,
    expiresAt: new Date(secret.created.getTime() + defaultLifetimeDays * DAY_MS),
    isExpirySetByProvider: false,
    isActive: secret.status === "ACTIVE",
  };
}
