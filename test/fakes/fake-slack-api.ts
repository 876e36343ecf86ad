/** A local server answering chat.postMessage as Slack's Web API does, recording every call. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type SlackAnswer = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };
export type SlackCall = { method: string; authorization: string | undefined; body: Record<string, unknown> };

export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  /** Answers used in order; when empty, `{ ok: true }`. */
  readonly answers: SlackAnswer[] = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (d: Buffer) => {
        raw += d.toString();
      });
      req.on("end", () => {
        const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0]!;
        this.calls.push({ method, authorization: req.headers.authorization, body: JSON.parse(raw || "{}") });
        const answer = this.answers.shift() ?? { body: { ok: true, channel: "C1", ts: `${Date.now() / 1000}` } };
        res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
