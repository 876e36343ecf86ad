/**
 * What every fake provider API shares (Microsoft Graph, Keycloak, Okta): a local HTTP server that
 * records every request it receives (method, path, query, body, Authorization header) so tests can check
 * each one, answers its own token endpoint, refuses requests without valid credentials, and can be
 * scripted to throttle, fail, drop the connection or hang, or be down altogether.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | null;
  /** The W3C trace context the request carried; absent when it carried none. */
  traceparent?: string;
};

export type FakeAnswer = { status: number; body?: unknown; headers?: Record<string, string> };

/** What the next API request gets instead of its normal answer: `drop` closes the connection, `hang` never answers. */
export type ScriptedAnswer = FakeAnswer | "drop" | "hang";

export abstract class FakeApiServer {
  readonly requests: ReceivedRequest[] = [];
  readonly script: ScriptedAnswer[] = [];
  /** Every API request answers as the provider does in an outage while true (the token endpoint keeps working). */
  isDown = false;
  url = "";
  private server: Server | undefined;

  /** Whether this request is for the provider's token endpoint (answered before credentials are checked). */
  protected abstract isTokenRequest(request: ReceivedRequest): boolean;
  protected abstract token(request: ReceivedRequest): FakeAnswer;
  /** The refusal for a request without valid credentials, or null when they are valid. */
  protected abstract authenticate(request: ReceivedRequest): FakeAnswer | null;
  /** The provider's answer in an outage. */
  protected abstract outage(): FakeAnswer;
  protected abstract answer(request: ReceivedRequest, url: URL): FakeAnswer;

  /** Starts listening on a free local port; `url` is set afterwards. */
  protected async listen(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const request = await readRequest(req, url);
    this.requests.push(request);
    const send = (answer: FakeAnswer) => {
      const json = answer.body === undefined ? {} : { "content-type": "application/json" };
      res.writeHead(answer.status, { ...json, ...answer.headers });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    };
    if (this.isTokenRequest(request)) return send(this.token(request));
    const refusal = this.authenticate(request);
    if (refusal) return send(refusal);
    const scripted = this.script.shift();
    if (scripted === "drop") return void req.socket.destroy();
    if (scripted === "hang") return;
    if (scripted) return send(scripted);
    if (this.isDown) return send(this.outage());
    send(this.answer(request, url));
  }
}

async function readRequest(req: IncomingMessage, url: URL): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString();
  const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  return {
    method: req.method ?? "GET",
    path: decodeURIComponent(url.pathname),
    query: Object.fromEntries(url.searchParams),
    body: raw === "" ? null : isForm ? Object.fromEntries(new URLSearchParams(raw)) : safeJson(raw),
    authorization: req.headers.authorization ?? null,
    ...(typeof req.headers.traceparent === "string" ? { traceparent: req.headers.traceparent } : {}),
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
