/**
 * A local server that answers as the Microsoft Bot Framework does for a bot: the identity platform's
 * token endpoint (`/identity/{tenant}/oauth2/v2.0/token`), the OpenID configuration and the signing
 * keys it names (`/botframework/v1/.well-known/openidconfiguration` and `…/keys`), and the Bot
 * Connector REST API under `/connector`. Every call is recorded with its parsed body and Authorization
 * header, so tests can prove what reached Teams (or a key server) and what never did; a route can be
 * told to fail.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Arrivals } from "../helpers/arrivals.js";
import { type ActivityClaims, BotFrameworkKeys } from "./fake-bot-connector-auth.js";
import { answerRoute, type ConnectorKind, routeOf, type TeamsUserSpec } from "./fake-bot-connector-routes.js";

export type ConnectorCall = {
  kind: ConnectorKind;
  method: string;
  path: string;
  conversationId?: string;
  body: Record<string, unknown>;
  authorization?: string;
  raw: string;
};

type Scripted = { status: number; headers?: Record<string, string>; body?: unknown };

export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly users = new Map<string, TeamsUserSpec>();
  private readonly scripted = new Map<ConnectorKind, Scripted[]>();
  private readonly arrivals = new Arrivals();
  private server: Server | undefined;
  base = "";

  /** `keys`: the Bot Framework's signing keys, new unless given (several fakes may share one set). */
  constructor(readonly keys = new BotFrameworkKeys()) {}

  get serviceUrl(): string {
    return `${this.base}/connector`;
  }
  get authorityUrl(): string {
    return `${this.base}/identity`;
  }
  get openIdMetadataUrl(): string {
    return `${this.base}/botframework/v1/.well-known/openidconfiguration`;
  }
  get keysUrl(): string {
    return `${this.base}/botframework/v1/.well-known/keys`;
  }

  addUser(user: TeamsUserSpec): this {
    this.users.set(user.id, user);
    return this;
  }

  /** The next call of this kind gets this answer instead of the normal one. */
  script(kind: ConnectorKind, answer: Scripted): this {
    this.scripted.set(kind, [...(this.scripted.get(kind) ?? []), answer]);
    return this;
  }

  sign(claims: ActivityClaims): Promise<string> {
    return this.keys.sign(claims);
  }

  callsOf(kind: ConnectorKind, conversationId?: string): ConnectorCall[] {
    return this.calls.filter(
      (c) => c.kind === kind && (conversationId === undefined || c.conversationId === conversationId),
    );
  }

  /** Resolves with the `count`-th call of `kind` matching `where`. */
  waitFor(kind: ConnectorKind, where: (c: ConnectorCall) => boolean = () => true, count = 1, timeoutMs = 5_000) {
    const matching = () => this.callsOf(kind).filter(where);
    return this.arrivals.until(
      () => matching()[count - 1],
      timeoutMs,
      () => `no ${kind} call (${matching().length} of ${count}); got ${this.calls.map((c) => c.kind)}`,
    );
  }

  async start(): Promise<void> {
    await this.keys.init();
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (d: Buffer) => {
        raw += d.toString();
      });
      req.on("end", async () => {
        const path = (req.url ?? "").split("?")[0]!;
        const route = routeOf(req.method ?? "GET", path);
        const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
        const body = isForm ? Object.fromEntries(new URLSearchParams(raw)) : raw ? JSON.parse(raw) : {};
        const call: ConnectorCall = { kind: route.kind, method: req.method ?? "GET", path, body, raw };
        if (route.conversationId) call.conversationId = route.conversationId;
        if (req.headers.authorization) call.authorization = req.headers.authorization;
        this.calls.push(call);
        this.arrivals.arrived();
        const script = this.scripted.get(route.kind)?.shift();
        const [status, answer] = script
          ? [script.status, script.body ?? {}]
          : route.kind === "keys"
            ? [200, await this.keys.jwks()]
            : route.kind === "openid"
              ? [200, { issuer: "https://api.botframework.com", jwks_uri: this.keysUrl }]
              : answerRoute(route, body, this.users, this.calls.length);
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...script?.headers });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", () => resolve()));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
