/**
 * The Bot Framework's side of authentication, for tests: an RS256 signing key published as a JWKS
 * (what login.botframework.com serves), JWTs signed with it the way the Bot Connector signs the requests
 * it sends to a bot, and a second key nobody trusts, for forgeries.
 */
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

export const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export type ActivityClaims = {
  audience: string;
  serviceUrl: string;
  issuer?: string;
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number;
  /** Sign with the untrusted key (same kid), as a forger would. */
  isForged?: boolean;
};

export class BotFrameworkKeys {
  readonly kid = "test-bot-framework-key";
  private trusted: KeyPair | undefined;
  private forged: KeyPair | undefined;
  private made: Promise<void> | undefined;

  /** Makes the two keys, once: RSA key generation is slow, so fakes of one test file can share the keys. */
  init(): Promise<void> {
    this.made ??= (async () => {
      this.trusted = await generateKeyPair("RS256", { extractable: true });
      this.forged = await generateKeyPair("RS256", { extractable: true });
    })();
    return this.made;
  }

  /** The JWKS with the trusted key only. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const jwk = await exportJWK(this.trusted!.publicKey);
    return { keys: [{ ...jwk, kid: this.kid, use: "sig", alg: "RS256" }] };
  }

  /** A bearer token as the Bot Connector sends with each activity. */
  async sign(claims: ActivityClaims): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const key = claims.isForged ? this.forged! : this.trusted!;
    return new SignJWT({ serviceurl: claims.serviceUrl })
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT" })
      .setIssuer(claims.issuer ?? BOT_FRAMEWORK_ISSUER)
      .setAudience(claims.audience)
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(now + (claims.expiresIn ?? 3600))
      .sign(key.privateKey);
  }
}
