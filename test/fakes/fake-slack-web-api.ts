/**
 * A local server that answers as Slack's Web API does (`{ ok: true, … }` or `{ ok: false, error }` with
 * HTTP 200, 429 with Retry-After when told to) and serves response_urls. Every call is recorded with its
 * parsed body, so tests can prove what reached Slack — and what never did.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Arrivals } from "../helpers/arrivals.js";
import { answerMethod, type FakeSlackState, type SlackUserSpec } from "./fake-slack-methods.js";

export type SlackCall = { method: string; path: string; body: Record<string, unknown>; response: unknown; at: number };
type Scripted = { status: number; headers?: Record<string, string>; body?: unknown } | { holdUntil: Promise<void> };

/** Form bodies carry nested objects as JSON strings, exactly as Slack's clients send them. */
function parseBody(req: IncomingMessage, raw: string): Record<string, unknown> {
  if ((req.headers["content-type"] ?? "").startsWith("application/json")) return JSON.parse(raw || "{}");
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return out;
}

export class FakeSlackWebApi {
  readonly calls: SlackCall[] = [];
  readonly state: FakeSlackState = { users: new Map(), channels: new Map(), views: new Map() };
  private readonly scripted = new Map<string, Scripted[]>();
  private readonly arrivals = new Arrivals();
  private readonly observers: Array<(call: SlackCall) => void> = [];
  private server: Server | undefined;
  base = "";

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A fresh response_url; what is posted to it is recorded as the method `response_url`. */
  responseUrl(): string {
    return `${this.base}/respond/${randomBytes(6).toString("hex")}`;
  }

  addUser(id: string, spec: SlackUserSpec): this {
    this.state.users.set(id, spec);
    return this;
  }

  addChannel(id: string, channel: { name: string; isPrivate?: boolean; isMember: boolean }): this {
    this.state.channels.set(id, channel);
    return this;
  }

  /** The next call of `method` gets this answer (or waits for `holdUntil`) instead of the normal one. */
  script(method: string, answer: Scripted): this {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), answer]);
    return this;
  }

  /** Calls `observer` with every call as it arrives (cheaper than waitFor for many concurrent waits). */
  observe(observer: (call: SlackCall) => void): this {
    this.observers.push(observer);
    return this;
  }

  callsOf(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `count` calls of `method` (matching `where`) were recorded. */
  waitFor(method: string, where: (c: SlackCall) => boolean = () => true, count = 1, timeoutMs = 5_000) {
    const matching = () => this.callsOf(method).filter(where);
    return this.arrivals.until(
      () => matching()[count - 1],
      timeoutMs,
      () => `no ${method} call (${matching().length} of ${count}); calls: ${this.calls.map((c) => c.method)}`,
    );
  }

  private answer(method: string, body: Record<string, unknown>): unknown {
    return method === "response_url" ? { ok: true } : answerMethod(this.state, method, body);
  }

  /** Listens on `port` (0: any free one; the same port again brings a stopped stand-in back). */
  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (d: Buffer) => {
        raw += d.toString();
      });
      req.on("end", async () => {
        const path = (req.url ?? "").split("?")[0]!;
        const method = path.startsWith("/respond/") ? "response_url" : path.replace(/^\/api\//, "");
        // Recorded on arrival, so a test can see a call that is still being held.
        const call: SlackCall = { method, path, body: parseBody(req, raw), response: undefined, at: Date.now() };
        this.calls.push(call);
        for (const observer of this.observers) observer(call);
        this.arrivals.arrived();
        const script = this.scripted.get(method)?.shift();
        if (script && "holdUntil" in script) await script.holdUntil;
        const status = script && "status" in script ? script.status : 200;
        call.response = script && "status" in script ? (script.body ?? {}) : this.answer(method, call.body);
        res.writeHead(status, {
          "content-type": "application/json; charset=utf-8",
          ...(script && "headers" in script ? script.headers : {}),
        });
        res.end(JSON.stringify(call.response));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", () => resolve()));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
