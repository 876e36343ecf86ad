/**
 * A stand-in for an OpenTelemetry collector's OTLP/HTTP receiver: POST /v1/traces with JSON bodies
 * (OTLP's JSON encoding, http/json), each span kept with its service name, for tests to read traces.
 * A protobuf body (http/protobuf) is only noted by its content type.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type OtlpAttribute = {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
};

export type ReceivedSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: OtlpAttribute[];
  status?: { code?: number };
  service: string;
};

type ExportRequest = {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: Omit<ReceivedSpan, "service">[] }[];
  }[];
};

export class FakeOtlpCollector {
  readonly spans: ReceivedSpan[] = [];
  readonly contentTypes: string[] = [];
  private readonly server: Server;
  private waiters: (() => void)[] = [];

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const contentType = req.headers["content-type"] ?? "";
        this.contentTypes.push(contentType);
        const isJson = contentType.startsWith("application/json");
        if (req.url === "/v1/traces" && req.method === "POST" && isJson) this.receive(Buffer.concat(chunks).toString());
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        this.wake();
      });
    });
  }

  static async start(): Promise<FakeOtlpCollector> {
    const collector = new FakeOtlpCollector();
    await new Promise<void>((resolve) => collector.server.listen(0, "127.0.0.1", resolve));
    return collector;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once a request has arrived (any encoding). */
  async waitForRequest(): Promise<void> {
    while (this.contentTypes.length === 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves once a span matching `test` has arrived. */
  async waitFor(test: (span: ReceivedSpan) => boolean): Promise<ReceivedSpan> {
    for (;;) {
      const found = this.spans.find(test);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(text: string): void {
    const body = JSON.parse(text) as ExportRequest;
    for (const resourceSpans of body.resourceSpans ?? []) {
      const service = attribute(resourceSpans.resource?.attributes, "service.name") ?? "";
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) this.spans.push({ ...span, service });
      }
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A span's (or resource's) attribute as text. */
export function attribute(attributes: OtlpAttribute[] | undefined, key: string): string | undefined {
  const value = attributes?.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  return String(value.stringValue ?? value.intValue ?? value.boolValue);
}
