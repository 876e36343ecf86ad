/**
 * An API client system as a partner runs one: oauth4webapi's client-credentials grant against the
 * built-in token endpoint (discovery, client_secret_basic), from the test process's address.
 */
import * as oauth from "oauth4webapi";

const insecure = { [oauth.allowInsecureRequests]: true };

/** The token endpoint's answer to a client-credentials request with this secret: a token, or the OAuth error code. */
export async function clientCredentials(
  base: string,
  secret: { clientId: string; value: string },
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
  return { token: (await oauth.processClientCredentialsResponse(as, client, response)).access_token };
}
