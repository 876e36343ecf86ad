/**
 * Reading a token request (RFC 6749 §4.4.2): its form, and the client's credentials from the Basic
 * header (§2.3.1) or the body (client_secret_post). Anything wrong is an RFC 6749 §5.2 error to answer;
 * nothing here says which part of a credential was wrong.
 */
import type { IncomingMessage } from "node:http";

export type OAuthError = {
  status: number;
  error: string;
  description: string;
  headers?: Record<string, string | number>;
};

export type Credentials = { clientId: string; secret: string };

export const oauthError = (
  status: number,
  error: string,
  description: string,
  headers?: Record<string, string | number>,
): OAuthError => ({ status, error, description, ...(headers ? { headers } : {}) });

const INVALID_CLIENT = oauthError(401, "invalid_client", "Client authentication failed.", {
  "WWW-Authenticate": 'Basic realm="secret-steward"',
});
const BASIC = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i;

export const isOAuthError = (value: object): value is OAuthError => "error" in value;

/** RFC 6749 §2.3.1: the id and secret are form-urlencoded before they are put in the Basic header. */
function formDecode(part: string): string | null {
  try {
    return decodeURIComponent(part.includes("+") ? part.replace(/\+/g, " ") : part);
  } catch {
    return null;
  }
}

/** The form of the body; a parameter sent twice is refused (§3.2: parameters must not repeat). */
export function parseForm(body: Buffer): URLSearchParams | OAuthError {
  const form = new URLSearchParams(body.toString("utf8"));
  const seen = new Set<string>();
  for (const key of form.keys()) {
    if (seen.has(key)) return oauthError(400, "invalid_request", `The parameter ${key} appears more than once.`);
    seen.add(key);
  }
  return form;
}

/** The grant asked for: only client_credentials is served. */
export function grantError(form: URLSearchParams): OAuthError | null {
  const grantType = form.get("grant_type");
  if (!grantType) return oauthError(400, "invalid_request", "grant_type is missing.");
  if (grantType !== "client_credentials") {
    return oauthError(400, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
  }
  return null;
}

/** The client's id and secret, from one authentication method: Basic or client_secret in the body. */
export function clientCredentials(req: IncomingMessage, form: URLSearchParams): Credentials | OAuthError {
  const header = req.headers.authorization;
  const postId = form.get("client_id");
  const postSecret = form.get("client_secret");
  if (header !== undefined) {
    const match = BASIC.exec(header);
    if (!match) return oauthError(400, "invalid_request", "The Authorization header must use the Basic scheme.");
    if (postSecret !== null) {
      return oauthError(
        400,
        "invalid_request",
        "Use one client authentication method: Basic or client_secret, not both.",
      );
    }
    const decoded = Buffer.from(match[1] ?? "", "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const clientId = colon < 0 ? null : formDecode(decoded.slice(0, colon));
    const secret = colon < 0 ? null : formDecode(decoded.slice(colon + 1));
    if (!clientId || secret === null) return invalidClient();
    if (postId !== null && postId !== clientId) {
      return oauthError(400, "invalid_request", "client_id in the body does not match the Basic credentials.");
    }
    return { clientId, secret };
  }
  if (postId === null || postSecret === null) return invalidClient();
  return { clientId: postId, secret: postSecret };
}

/** The answer to credentials that do not authenticate, whichever part was wrong. */
export const invalidClient = (): OAuthError => INVALID_CLIENT;
