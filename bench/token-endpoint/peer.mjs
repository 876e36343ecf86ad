/**
 * The benchmark's peer: oidc-provider serving only client_credentials with ES256 JWT access tokens,
 * on 127.0.0.1:PEER_PORT with the default in-memory adapter. Run by run.ts as its own process; prints
 * "ready <url>" once listening. The client comes from PEER_CLIENT_ID and PEER_CLIENT_SECRET.
 */
import { generateKeyPairSync } from "node:crypto";
import { exportJWK } from "jose";
import Provider from "oidc-provider";

const port = Number(process.env.PEER_PORT);
const issuer = `http://127.0.0.1:${port}`;
const resourceServer = {
  scope: "search",
  audience: "search",
  accessTokenFormat: "jwt",
  jwt: { sign: { alg: "ES256" } },
};

const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const signingKey = { ...(await exportJWK(privateKey)), kid: "bench-es256", alg: "ES256", use: "sig" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.PEER_CLIENT_ID,
      client_secret: process.env.PEER_CLIENT_SECRET,
      grant_types: ["client_credentials"],
      token_endpoint_auth_method: "client_secret_basic",
      response_types: [],
      redirect_uris: [],
      scope: "search",
      id_token_signed_response_alg: "ES256",
    },
  ],
  jwks: { keys: [signingKey] },
  ttl: { ClientCredentials: 3599 }, // as Secret Steward's default TOKEN_TTL_SECONDS
  scopes: ["search"],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => "urn:bench:search",
      useGrantedResource: () => true,
      getResourceServerInfo: () => resourceServer,
    },
  },
});

provider.listen(port, "127.0.0.1", () => process.stdout.write(`ready ${issuer}\n`));

// Exit on SIGTERM/SIGINT through process.exit so that `node --cpu-prof` can write its profile.
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => process.exit(0));
