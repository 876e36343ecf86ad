/**
 * Metrics and traces as the configuration asks: prom-client only with METRICS_TOKEN, the
 * OpenTelemetry SDK only with OTEL_EXPORTER_OTLP_ENDPOINT. Each is imported on demand, so a bot with
 * neither loads neither and its ports do nothing.
 */
import type { Config } from "../../src/config.js";
import { type Metrics, noMetrics } from "../../src/ports/metrics.js";
import { noTracer, type Tracer } from "../../src/ports/tracer.js";
import type { Scrape } from "../http/metrics-route.js";
import type { RequestTracing } from "../http/server.js";
import type { MetricsSources } from "./prometheus-metrics.js";

/** The version traces report as service.version. */
const VERSION = "0.1.0";

export type Telemetry = {
  metrics: Metrics;
  tracer: Tracer;
  /** The body of GET /metrics; absent when METRICS_TOKEN is unset (the route is then not served). */
  scrape?: Scrape;
  /** A span per HTTP request; absent when tracing is off. */
  requestTracing?: RequestTracing;
  /** Sends the spans ended so far (no-op when tracing is off). */
  flush(): Promise<void>;
  /** Sends what is left and stops. */
  close(): Promise<void>;
};

export async function openTelemetry(config: Config, sources: MetricsSources): Promise<Telemetry> {
  const prometheus = config.metricsToken
    ? new (await import("./prometheus-metrics.js")).PrometheusMetrics(sources)
    : undefined;
  const tracing = config.tracing ? (await import("./otel-tracing.js")).openTracing(config.tracing, VERSION) : undefined;
  return {
    metrics: prometheus ?? noMetrics,
    tracer: tracing ?? noTracer,
    ...(prometheus ? { scrape: () => prometheus.scrape() } : {}),
    ...(tracing ? { requestTracing: tracing } : {}),
    flush: async () => tracing?.flush(),
    close: async () => {
      prometheus?.registry.clear();
      await tracing?.shutdown();
    },
  };
}
