/** What people are told when Okta refuses: the permission the bot's token needs, in Okta's own words. */
import { AppError } from "../../../src/errors.js";
import { errors } from "../../../src/messages/errors.js";
import { providerLabels } from "../../../src/messages/provider.js";
import type { ProviderApplication } from "../../../src/ports/secret-provider.js";
import { providerFailures } from "../http/provider-error.js";

export const OKTA = providerLabels.okta;

export const oktaFailures = providerFailures(OKTA, {
  permission:
    "the bot's API token (OKTA_API_TOKEN) belongs to an admin who may manage this app's client credentials: the Application Administrator role for it, or a custom admin role with the okta.apps.manage permission",
  noun: "OIDC app",
  missing: "that it still exists and that the bot's admin role covers it",
  credentials:
    "OKTA_API_TOKEN: it may have been revoked, or have expired after 30 days without use; create a new one in the Okta Admin Console under Security → API → Tokens",
});

/** Okta refused a new secret because the app already holds two (one made in the console since the last sync). */
export const oktaFull = (app: ProviderApplication, cause: unknown): AppError =>
  new AppError("CONFLICT", errors.providerFull(OKTA, app.name, 2), { cause });

/** Okta refused to deactivate the app's only secret. */
export const onlySecret = (app: ProviderApplication, cause: unknown): AppError =>
  new AppError("CONFLICT", errors.providerKeepsOnlySecret(OKTA, app.name), { cause });
