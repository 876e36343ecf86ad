/**
 * A webhook receiver on a real HTTP port: records every delivery (headers and the exact body) and
 * answers each as told — 204, an error status, or not at all (held until the test lets go or the
 * sender gives up). Tests wait on its arrivals, never on a pause.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Arrivals } from "./arrivals.js";

export type Delivery = {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The status it was answered with; undefined while held (or when the sender went away first). */
  status?: number;
  path: string;
};

/** How to answer the next delivery: a status, or "hang" (never answer). */
export type Answer = number | "hang";

export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  readonly arrivals = new Arrivals();
  private readonly answers: Answer[] = [];
  private readonly held: ServerResponse[] = [];
  private server: Server | undefined;
  /** What every delivery not scripted gets. */
  normally: Answer = 204;
  url = "";

  /** The next deliveries get these answers, in order. */
  next(...answers: Answer[]): this {
    this.answers.push(...answers);
    return this;
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => {
        body += d.toString();
      });
      req.on("end", () => {
        const header = (name: string) => String(req.headers[name] ?? "");
        const delivery: Delivery = {
          id: header("webhook-id"),
          timestamp: header("webhook-timestamp"),
          signature: header("webhook-signature"),
          body,
          path: req.url ?? "",
        };
        this.deliveries.push(delivery);
        const answer = this.answers.shift() ?? this.normally;
        if (answer === "hang") this.held.push(res);
        else {
          delivery.status = answer;
          res.writeHead(answer).end();
        }
        this.arrivals.arrived();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/steward`;
  }

  /** Deliveries answered with a 2xx. */
  accepted(): Delivery[] {
    return this.deliveries.filter((d) => d.status !== undefined && d.status >= 200 && d.status < 300);
  }

  /** Waits until `find` sees what it looks for in the deliveries. */
  until<T>(find: (deliveries: Delivery[]) => T | undefined, timeoutMs = 10_000): Promise<T> {
    return this.arrivals.until(
      () => find(this.deliveries),
      timeoutMs,
      () => `not delivered as expected; got ${this.deliveries.map((d) => `${d.id} ${d.status}`).join(", ")}`,
    );
  }

  stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
