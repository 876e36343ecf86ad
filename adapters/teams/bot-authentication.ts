/**
 * Bot Framework authentication of /api/messages, in front of the Teams SDK's own check: a header that
 * is not `Bearer <JWT>`, or a JWT whose algorithm is not RS256 (the only one the Bot Framework uses;
 * `none` and HS256 are the classic forgeries) or that names no key, is refused from the header alone,
 * before the body is read and before any key is looked up. Then the signature (with a key the Bot
 * Framework publishes, endorsed for the activity's channel), issuer, audience (this bot), expiry and
 * `serviceurl` (the activity's) are checked; only then does the SDK see the request.
 */
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { withoutTrailingSlashes } from "../../src/urls.js";
import type { SigningKeySet } from "./signing-key-set.js";

export type BearerToken = { token: string; kid: string };

const JWS = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** The token in an Authorization header, or why the header alone rules the request out. */
export function bearerToken(authorization: string | string[] | undefined): BearerToken | string {
  if (typeof authorization !== "string") return "The Authorization header is missing.";
  const token = JWS.exec(authorization)?.[1];
  if (!token) return "The Authorization header must be a Bearer JWT.";
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return "The token's header is not readable.";
  }
  if (header.alg !== "RS256") return "The token must be signed with RS256.";
  if (typeof header.kid !== "string" || header.kid === "" || header.crit !== undefined) {
    return "The token does not name a Bot Framework signing key.";
  }
  return { token, kid: header.kid };
}

export type ActivityFacts = { serviceUrl?: unknown; channelId?: unknown };

const sameUrl = (a: string, b: string) =>
  withoutTrailingSlashes(a).toLowerCase() === withoutTrailingSlashes(b).toLowerCase();

export class BotAuthentication {
  private readonly imported = new Map<string, Awaited<ReturnType<typeof importJWK>>>();

  constructor(
    private readonly keys: SigningKeySet,
    private readonly clientId: string,
    private readonly issuer: string,
  ) {}

  /** Why the token does not authenticate this activity, or null when it does. */
  async problem({ token, kid }: BearerToken, activity: ActivityFacts): Promise<string | null> {
    const jwk = await this.keys.key(kid);
    if (!jwk) return "The token is signed with a key the Bot Framework does not publish.";
    if (
      jwk.endorsements &&
      !(typeof activity.channelId === "string" && jwk.endorsements.includes(activity.channelId))
    ) {
      return "The signing key is not endorsed for this channel.";
    }
    let key = this.imported.get(kid);
    if (!key) {
      key = await importJWK(jwk, "RS256");
      this.imported.set(kid, key);
    }
    let claims: Record<string, unknown>;
    try {
      const id = this.clientId;
      ({ payload: claims } = await jwtVerify(token, key, {
        algorithms: ["RS256"],
        issuer: this.issuer,
        audience: [id, `api://${id}`, `api://botid-${id}`],
        clockTolerance: 300,
        requiredClaims: ["exp"],
      }));
    } catch (error) {
      return `The token is not valid (${(error as { code?: string }).code ?? "unreadable"}).`;
    }
    if (typeof activity.serviceUrl === "string") {
      if (typeof claims.serviceurl !== "string" || !sameUrl(claims.serviceurl, activity.serviceUrl)) {
        return "The token was issued for another service URL.";
      }
    }
    return null;
  }
}
