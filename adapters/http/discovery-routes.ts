/** GET /.well-known/jwks.json and /.well-known/oauth-authorization-server (RFC 8414). */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "../../db/database.js";
import { publicKeys } from "../providers/builtin/signing-keys.js";
import { sendJson } from "./http-kit.js";

export const jwksRoute = (db: Db) => async (_req: IncomingMessage, res: ServerResponse) =>
  sendJson(res, 200, { keys: await publicKeys(db) }, { "Cache-Control": "public, max-age=300" });

export function metadataRoute(issuer: string) {
  const metadata = {
    issuer,
    token_endpoint: `${issuer}/oauth2/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    response_types_supported: [],
  };
  return (_req: IncomingMessage, res: ServerResponse) =>
    sendJson(res, 200, metadata, { "Cache-Control": "public, max-age=300" });
}
