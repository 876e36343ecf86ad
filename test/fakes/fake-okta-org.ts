/**
 * The state behind the fake Okta: an org's apps and their OAuth 2.0 client secrets, as the Management
 * API documents them (`Application`, `OAuth2ClientSecret`). Tests change it directly to play an admin
 * working in the Okta Admin Console.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../../src/ports/clock.js";

export type FakeOktaSecret = {
  id: string;
  status: "ACTIVE" | "INACTIVE";
  /** The value; Okta shows it once, at creation, and a hashed stand-in afterwards. */
  client_secret: string;
  secret_hash: string;
  created: string;
  lastUpdated: string;
};

export type FakeOktaApp = {
  id: string;
  name: string;
  label: string;
  status: "ACTIVE" | "INACTIVE";
  signOnMode: string;
  credentials: { oauthClient?: { client_id: string; token_endpoint_auth_method: string; autoKeyRotation: boolean } };
  secrets: FakeOktaSecret[];
};

const okta = (prefix: string) => `${prefix}${randomBytes(15).toString("base64url").slice(0, 17)}`;

export class FakeOktaOrg {
  readonly apps: FakeOktaApp[] = [];
  /** Every secret value ever generated, so tests can prove none of them was kept anywhere. */
  readonly secretValues: string[] = [];

  constructor(private readonly clock: Clock) {}

  /** An OIDC app authenticating with a client secret (the client_id is the app id, as Okta makes it). */
  addApp(label: string, options: { status?: "ACTIVE" | "INACTIVE"; authMethod?: string; signOnMode?: string } = {}) {
    const id = okta("0oa");
    const app: FakeOktaApp = {
      id,
      name: "oidc_client",
      label,
      status: options.status ?? "ACTIVE",
      signOnMode: options.signOnMode ?? "OPENID_CONNECT",
      credentials: {
        oauthClient: {
          client_id: id,
          token_endpoint_auth_method: options.authMethod ?? "client_secret_basic",
          autoKeyRotation: true,
        },
      },
      secrets: [],
    };
    this.apps.push(app);
    return app;
  }

  byId(id: string): FakeOktaApp | undefined {
    return this.apps.find((a) => a.id === id);
  }

  /** A new active secret (by the API, or Generate new secret in the Admin Console). */
  addSecret(app: FakeOktaApp): FakeOktaSecret {
    const value = randomBytes(30).toString("base64url").slice(0, 40);
    this.secretValues.push(value);
    const now = this.clock.now().toISOString();
    const secret: FakeOktaSecret = {
      id: okta("ocs"),
      status: "ACTIVE",
      client_secret: value,
      secret_hash: createHash("sha256").update(value).digest("base64url").slice(0, 22),
      created: now,
      lastUpdated: now,
    };
    app.secrets.push(secret);
    return secret;
  }

  /** The secret as listings show it: the value replaced by a hashed stand-in. */
  listed(secret: FakeOktaSecret): Omit<FakeOktaSecret, "client_secret"> & { client_secret: string } {
    return { ...secret, client_secret: `${secret.secret_hash.slice(0, 6)}******` };
  }

  /** The apps Okta's `filter` matches: the few expressions the tests use; null for any other. */
  filter(expression: string | undefined): FakeOktaApp[] | null {
    if (expression === undefined) return this.apps;
    const match = /^(status|name) eq "([^"]*)"$/.exec(expression.trim());
    if (!match) return null;
    const [, field, value] = match;
    return this.apps.filter((a) => (field === "status" ? a.status : a.name) === value);
  }

  /** Whether a value still authenticates the app, as Okta's token endpoint checks it. */
  accepts(app: FakeOktaApp, value: string): boolean {
    return app.secrets.some((s) => s.status === "ACTIVE" && s.client_secret === value);
  }
}
