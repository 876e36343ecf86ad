/**
 * Traces (OpenTelemetry, when OTEL_EXPORTER_OTLP_ENDPOINT is set): a span around a piece of work, a
 * child of whatever span is current (an incoming request's, a reminder pass's). Attributes carry names
 * of things (a surface, a command, a provider operation), never a person, a secret or a hint.
 */
export type SpanAttributes = Record<string, string | number | boolean>;

export interface Tracer {
  /** Runs `work` inside a new span named `name`; the span ends when `work` settles and records its error. */
  span<T>(name: string, attributes: SpanAttributes, work: () => Promise<T>): Promise<T>;
  /** The W3C trace context headers (`traceparent`, `tracestate`) to send on an outgoing request; {} when off. */
  outgoingHeaders(): Record<string, string>;
}

/** Tracing off: no span, no header, no cost beyond the call. */
export const noTracer: Tracer = {
  span: (_name, _attributes, work) => work(),
  outgoingHeaders: () => ({}),
};
