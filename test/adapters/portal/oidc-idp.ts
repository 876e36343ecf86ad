/**
 * An organisation's identity provider for portal tests: oidc-provider in this process, with its
 * development login and consent pages (any password; the login name is the account), one confidential
 * client for the portal, and each account's e-mail claims as the test sets them.
 */
import type { Server } from "node:http";
import Provider from "oidc-provider";

export type IdpAccount = { email: string; emailVerified: boolean };

export class TestIdp {
  readonly accounts = new Map<string, IdpAccount>();
  private server: Server | undefined;

  constructor(
    readonly port: number,
    readonly client: { id: string; secret: string; redirectUri: string },
  ) {}

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: this.client.id,
          client_secret: this.client.secret,
          redirect_uris: [this.client.redirectUri],
          grant_types: ["authorization_code"],
          response_types: ["code"],
        },
      ],
      pkce: { required: () => true },
      claims: { openid: ["sub"], email: ["email", "email_verified"] },
      cookies: { keys: ["portal-test-idp-cookie-key-0123456789"] },
      ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
      findAccount: (_ctx, id) => ({
        accountId: id,
        claims: () => {
          const account = this.accounts.get(id);
          return { sub: id, ...(account ? { email: account.email, email_verified: account.emailVerified } : {}) };
        },
      }),
    });
    await new Promise<void>((resolve) => {
      this.server = provider.listen(this.port, "127.0.0.1", () => resolve()) as Server;
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
