/**
 * API client systems getting tokens from the built-in endpoint: with oauth4webapi, as a partner's client
 * would, or from another local address (another host, for the address the evidence records).
 */
import * as oauth from "oauth4webapi";
import { expect } from "vitest";
import { basic, FORM, form, postFrom } from "./http.js";

const insecure = { [oauth.allowInsecureRequests]: true };

export type ClientCredentials = { clientId: string; value: string };

/** The token endpoint's answer to a client-credentials request with this secret, asked with oauth4webapi (discovery, then client_secret_basic): a token, or the OAuth error code. */
export async function clientCredentials(
  base: string,
  secret: ClientCredentials,
): Promise<{ token: string } | { error: string }> {
  const issuer = new URL(base);
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }),
  );
  const client: oauth.Client = { client_id: secret.clientId };
  const response = await oauth.clientCredentialsGrantRequest(
    as,
    client,
    oauth.ClientSecretBasic(secret.value),
    new URLSearchParams(),
    insecure,
  );
  if (!response.ok) return { error: ((await response.clone().json()) as { error: string }).error };
  const tokens = await oauth.processClientCredentialsResponse(as, client, response);
  expect(tokens.token_type).toBe("bearer");
  return { token: tokens.access_token };
}

/** Gets a token with oauth4webapi and expects one. */
export async function getToken(base: string, secret: ClientCredentials): Promise<void> {
  expect(await clientCredentials(base, secret)).toEqual({ token: expect.any(String) });
}

/** Gets a token from `address` (any 127.x.y.z), as another system on another host would. */
export async function getTokenFrom(base: string, address: string, secret: ClientCredentials): Promise<void> {
  const headers = { ...FORM, authorization: basic(secret.clientId, secret.value) };
  const answer = await postFrom(`${base}/oauth2/token`, address, headers, form({ grant_type: "client_credentials" }));
  expect(answer.status).toBe(200);
}
