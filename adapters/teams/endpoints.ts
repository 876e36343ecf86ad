/** Where Teams reaches the bot, and where the bot reaches Microsoft; importing this loads no SDK. */

export const TEAMS_PATH = "/api/messages";
export const DEFAULT_AUTHORITY_URL = "https://login.microsoftonline.com";

/** Endpoints of the Microsoft identity platform and the Bot Framework; tests point them at local servers. */
export type TeamsEndpoints = {
  /** Where the bot gets its own token: `{authorityUrl}/{TEAMS_TENANT_ID}/oauth2/v2.0/token`. */
  authorityUrl?: string;
  /** The Bot Framework's OpenID metadata; the signing keys are read from the `…/keys` beside it. */
  openIdMetadataUrl?: string;
};
