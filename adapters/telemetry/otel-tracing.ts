/**
 * Traces with OpenTelemetry, loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set (adapters/telemetry/
 * telemetry.ts imports this file on demand, so without it no SDK is loaded). Manual spans on the
 * @opentelemetry/api: one per HTTP request (its parent from the incoming `traceparent`), and through
 * the Tracer port one per command, provider call and reminder pass; `traceparent` goes out on the
 * provider's HTTP requests. Nothing is registered globally except an AsyncLocalStorage context manager
 * (needed for the current span to follow async work), so several runtimes in one process (tests) keep
 * their own exporters.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  type Tracer as OtelTracer,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { Config } from "../../src/config.js";
import type { SpanAttributes, Tracer } from "../../src/ports/tracer.js";
import type { RequestTracing } from "../http/server.js";

export type TracingSettings = NonNullable<Config["tracing"]>;

export type OtelTracing = Tracer &
  RequestTracing & {
    /** Sends the spans ended so far (tests; the batch otherwise goes every few seconds). */
    flush(): Promise<void>;
    shutdown(): Promise<void>;
  };

const propagator = new W3CTraceContextPropagator();

/** The error's kind for a span: an AppError's code, else its class name; never its message. */
const errorType = (error: unknown): string =>
  error instanceof Error ? ((error as { code?: unknown }).code?.toString() ?? error.name) : typeof error;

export function openTracing(settings: TracingSettings, version: string): OtelTracing {
  // The first runtime in the process sets it; later calls are refused harmlessly and share it.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter =
    settings.protocol === "http/json"
      ? new JsonExporter({ url: settings.url })
      : new ProtobufExporter({ url: settings.url });
  const resource = defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes({ "service.name": settings.serviceName, "service.version": version }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(exporter)] });
  const tracer = provider.getTracer("secret-steward", version);

  return {
    span: (name, attributes, work) => inSpan(tracer, name, attributes, context.active(), SpanKind.INTERNAL, work),
    outgoingHeaders: () => {
      const headers: Record<string, string> = {};
      propagator.inject(context.active(), headers, defaultTextMapSetter);
      return headers;
    },
    serve: (req, res, route, handle) => serveTraced(tracer, req, res, route, handle),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

async function inSpan<T>(
  tracer: OtelTracer,
  name: string,
  attributes: SpanAttributes,
  parent: Context,
  kind: SpanKind,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, { kind, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.setAttribute("error.type", errorType(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * A SERVER span for one request, a child of the caller's span when it sent W3C trace context. It ends
 * when the answer is sent (work started by the request, such as a Slack command answered later, goes
 * on in child spans). Only the route and the status are recorded: no query string, no address.
 */
function serveTraced(
  tracer: OtelTracer,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  handle: () => Promise<void>,
): Promise<void> {
  const parent = propagator.extract(context.active(), req.headers, defaultTextMapGetter);
  const method = req.method ?? "GET";
  const attributes = { "http.request.method": method, "http.route": route, "url.path": route };
  const span = tracer.startSpan(`${method} ${route}`, { kind: SpanKind.SERVER, attributes }, parent);
  const end = () => {
    span.setAttribute("http.response.status_code", res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  res.once("close", end);
  return context.with(trace.setSpan(parent, span), handle);
}
