/**
 * A local HTTP server that answers as Microsoft Graph v1.0 (applications, addPassword, removePassword,
 * OData errors, paging, throttling) and as the Microsoft identity platform's v2.0 token endpoint
 * (client credentials). It records every request it receives so tests can check each one.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../../src/ports/clock.js";
import { type FakeApplication, FakeEntraDirectory } from "./fake-entra-directory.js";
import { answerGraph, odata } from "./fake-graph-routes.js";

export const TENANT = "7d2c3e1a-0000-4000-8000-5eed5eed5eed";
export const BOT_CLIENT_ID = "b07b07b0-0000-4000-8000-000000000b07";
export const BOT_CLIENT_SECRET = "bot~credential~Zq9fJx2LmN4pR7tV0wY3";

export type ReceivedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | null;
};

/** What the next Graph request gets instead of its normal answer: `drop` closes the connection, `hang` never answers. */
export type ScriptedAnswer = { status: number; headers?: Record<string, string>; body?: unknown } | "drop" | "hang";

export class FakeGraph {
  readonly requests: ReceivedRequest[] = [];
  readonly issuedTokens: string[] = [];
  readonly directory: FakeEntraDirectory;
  readonly validTokens = new Set<string>();
  readonly script: ScriptedAnswer[] = [];
  /** Every Graph request answers 500 while true (the token endpoint keeps working). */
  isDown = false;
  pageSize = 100;
  tokenLifetimeSeconds = 3599;
  url = "";
  private server: Server | undefined;

  constructor(clock: Clock) {
    this.directory = new FakeEntraDirectory(clock);
  }

  static async start(clock: Clock): Promise<FakeGraph> {
    const fake = new FakeGraph(clock);
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server!.listen(0, "127.0.0.1", resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The environment that points Secret Steward at this fake as its Entra tenant. */
  env(): Record<string, string> {
    return {
      SECRET_PROVIDER: "entra",
      ENTRA_TENANT_ID: TENANT,
      ENTRA_CLIENT_ID: BOT_CLIENT_ID,
      ENTRA_CLIENT_SECRET: BOT_CLIENT_SECRET,
      GRAPH_URL: this.url,
      ENTRA_AUTHORITY_URL: this.url,
    };
  }

  addApplication(displayName: string, options?: { isOwnedByBot?: boolean }): FakeApplication {
    return this.directory.addApplication(displayName, options);
  }

  /** Revokes every token issued so far, as an expired or revoked bot credential looks to Graph. */
  expireTokens(): void {
    this.validTokens.clear();
  }

  graphRequests(): ReceivedRequest[] {
    return this.requests.filter((r) => r.path.startsWith("/v1.0/"));
  }

  tokenRequests(): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === `/${TENANT}/oauth2/v2.0/token`);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? "/", this.url);
    const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    const body: unknown = raw === "" ? null : isForm ? Object.fromEntries(new URLSearchParams(raw)) : safeJson(raw);
    const request: ReceivedRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization ?? null,
    };
    this.requests.push(request);
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...(json === undefined ? {} : { "content-type": "application/json" }), ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    if (request.path === `/${TENANT}/oauth2/v2.0/token` && request.method === "POST") {
      return this.token(request, send);
    }
    if (!this.validTokens.has(request.authorization?.replace(/^Bearer /, "") ?? "")) {
      return send(401, odata("InvalidAuthenticationToken", "Access token has expired or is not yet valid."), {
        "www-authenticate": 'Bearer realm="", error="invalid_token"',
      });
    }
    const scripted = this.script.shift();
    if (scripted === "drop") return void req.socket.destroy();
    if (scripted === "hang") return;
    if (scripted) return send(scripted.status, scripted.body, scripted.headers);
    if (this.isDown) return send(500, odata("UnknownError", "An internal server error occurred."));
    const answer = answerGraph(this, request, url);
    send(answer.status, answer.body, answer.headers);
  }

  private token(request: ReceivedRequest, send: (status: number, json?: unknown) => void): void {
    const form = (request.body ?? {}) as Record<string, string>;
    if (form.grant_type !== "client_credentials") {
      send(400, tokenError("unsupported_grant_type", 70003, "The app requested an unsupported grant type."));
      return;
    }
    if (form.client_id !== BOT_CLIENT_ID || form.client_secret !== BOT_CLIENT_SECRET) {
      send(401, tokenError("invalid_client", 7000215, "Invalid client secret provided."));
      return;
    }
    if (form.scope !== `${this.url}/.default`) {
      send(400, tokenError("invalid_scope", 1002012, "The provided value for scope is not valid."));
      return;
    }
    const token = `eyJ0eXAiOiJKV1QifQ.${randomBytes(24).toString("base64url")}.sig`;
    this.issuedTokens.push(token);
    this.validTokens.add(token);
    const lifetime = this.tokenLifetimeSeconds;
    send(200, { token_type: "Bearer", expires_in: lifetime, ext_expires_in: lifetime, access_token: token });
  }
}

const tokenError = (error: string, code: number, text: string) => ({
  error,
  error_description: `AADSTS${code}: ${text}\r\nTrace ID: 00000000\r\nTimestamp: 2026-11-26 10:00:00Z`,
  error_codes: [code],
  timestamp: "2026-11-26 10:00:00Z",
});

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
