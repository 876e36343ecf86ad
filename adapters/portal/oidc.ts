/**
 * Portal sign-in through the organisation's OpenID Connect provider, with openid-client (a certified
 * relying party): discovery from the issuer, authorization code with PKCE (S256), `state` and `nonce`
 * kept in the browser's session, and the e-mail taken only when the provider says it is verified.
 * Plain http is allowed only for a loopback issuer (local use; the configuration refuses any other).
 */
import * as client from "openid-client";
import type { PortalOidcState } from "../../db/tables/portal.js";
import type { Logger } from "../../src/log.js";

export type OidcSettings = { issuer: string; clientId: string; clientSecret: string };

export type OidcOutcome =
  | { kind: "email"; email: string }
  | { kind: "refused"; reason: "state" | "unverified" | "no-email" | "failed" };

export class OidcSignIn {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    private readonly settings: OidcSettings,
    private readonly redirectUri: string,
    private readonly log: Logger,
  ) {}

  /** The provider's configuration, discovered once (tried again after a failure). */
  private configuration(): Promise<client.Configuration> {
    const issuer = new URL(this.settings.issuer);
    this.discovered ??= client
      .discovery(issuer, this.settings.clientId, undefined, client.ClientSecretBasic(this.settings.clientSecret), {
        timeout: 10,
        ...(issuer.protocol === "http:" ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw error;
      });
    return this.discovered;
  }

  /** Where to send the browser, and what to keep for the callback; throws when the provider does not answer. */
  async start(): Promise<{ url: string; state: PortalOidcState }> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: "openid email",
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    return { url: url.href, state: { state, nonce, codeVerifier } };
  }

  /** Checks the callback against what `start` kept; the verified e-mail, or why not. */
  async finish(callbackUrl: URL, kept: PortalOidcState | null): Promise<OidcOutcome> {
    if (!kept || callbackUrl.searchParams.get("state") !== kept.state) return { kind: "refused", reason: "state" };
    try {
      const config = await this.configuration();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: kept.codeVerifier,
        expectedState: kept.state,
        expectedNonce: kept.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) return { kind: "refused", reason: "failed" };
      // Providers that follow the core spec strictly give the e-mail at userinfo, not in the ID token.
      const claims =
        typeof idClaims.email === "string"
          ? idClaims
          : await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      const email = typeof claims.email === "string" ? claims.email : undefined;
      if (!email) return { kind: "refused", reason: "no-email" };
      if (claims.email_verified !== true) return { kind: "refused", reason: "unverified" };
      return { kind: "email", email };
    } catch (error) {
      // The provider's error, never the code or tokens.
      this.log.warn({ err: { message: (error as Error).message } }, "portal sign-in through OpenID Connect failed");
      return { kind: "refused", reason: "failed" };
    }
  }
}
