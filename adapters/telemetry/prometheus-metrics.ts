/**
 * The metrics port in Prometheus terms (prom-client), on a registry of our own. Every metric is
 * registered here, at start, so a scrape shows its HELP and TYPE before the first sample. Gauges that
 * describe shared state (the outbox, expiring secrets, the connection pool) are read on each scrape,
 * so they are as current as the scrape; on PostgreSQL every replica reports the same figures (take
 * max() across replicas, not sum()). Labels are outcomes and names from fixed lists only.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { ProviderName } from "../../db/vocabulary.js";
import type { Surface } from "../../src/context.js";
import {
  type Metrics,
  type Outcome,
  type PassFigures,
  type TokenOutcome,
  tokenOutcomes,
} from "../../src/ports/metrics.js";
import { type MetricsSources, registerScrapeGauges } from "./scrape-gauges.js";

export type { MetricsSources };

const reminderResults = ["recorded", "sent", "printed", "retrying", "failed"] as const;

export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly tokenCounts: Record<TokenOutcome, Counter.Internal>;
  private readonly tokenDuration: Histogram;
  private readonly commands: Counter<"surface" | "command" | "outcome">;
  private readonly providerCalls: Counter<"provider" | "operation" | "outcome">;
  private readonly providerDuration: Histogram<"provider" | "operation">;
  private readonly throttled: Counter<"provider" | "operation">;
  private readonly passes: Counter<"kind" | "outcome">;
  private readonly passDuration: Histogram<"kind" | "outcome">;
  private readonly lastPass: Gauge;
  private readonly reminders: Counter<"result">;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const tokens = new Counter({
      name: "steward_token_requests_total",
      help: "Answers of the token endpoint, by outcome.",
      labelNames: ["outcome"],
      registers,
    });
    // Bound once: the token endpoint's hot path then only adds to a number.
    this.tokenCounts = Object.fromEntries(tokenOutcomes.map((o) => [o, tokens.labels(o)])) as typeof this.tokenCounts;
    for (const child of Object.values(this.tokenCounts)) child.inc(0);
    this.tokenDuration = new Histogram({
      name: "steward_token_request_duration_seconds",
      help: "Time to answer a token request, from its headers to the answer.",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.commands = new Counter({
      name: "steward_commands_total",
      help: "Chat commands and forms run, by surface, command and outcome (ok, or the error code).",
      labelNames: ["surface", "command", "outcome"],
      registers,
    });
    this.providerCalls = new Counter({
      name: "steward_provider_requests_total",
      help: "Calls of the secret provider, by provider, operation and outcome (ok, or the error code).",
      labelNames: ["provider", "operation", "outcome"],
      registers,
    });
    this.providerDuration = new Histogram({
      name: "steward_provider_request_duration_seconds",
      help: "Time a call of the secret provider took, waiting for a throttled provider included.",
      labelNames: ["provider", "operation"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.throttled = new Counter({
      name: "steward_provider_throttled_total",
      help: "Answers of the provider's API that asked the bot to wait (429 or 503).",
      labelNames: ["provider", "operation"],
      registers,
    });
    this.passes = new Counter({
      name: "steward_reminder_passes_total",
      help: "Reminder passes (kind pass) and retries of due deliveries between them (kind retry), by outcome: done, skipped (another process held the lease) or failed.",
      labelNames: ["kind", "outcome"],
      registers,
    });
    for (const kind of ["pass", "retry"]) {
      for (const outcome of ["done", "skipped", "failed"]) this.passes.labels(kind, outcome).inc(0);
    }
    this.passDuration = new Histogram({
      name: "steward_reminder_pass_duration_seconds",
      help: "Time a reminder pass (or retry) took, by kind and outcome.",
      labelNames: ["kind", "outcome"],
      buckets: [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
    this.lastPass = new Gauge({
      name: "steward_reminder_pass_last_success_timestamp_seconds",
      help: "When the last reminder pass of this process finished without failing (Unix time); 0 before one did.",
      registers,
    });
    this.reminders = new Counter({
      name: "steward_reminders_total",
      help: "Reminders by what happened to them in passes and retries: recorded, sent, printed, retrying, failed.",
      labelNames: ["result"],
      registers,
    });
    for (const result of reminderResults) this.reminders.labels(result).inc(0);
    registerScrapeGauges(registers, sources);
  }

  tokenRequest(outcome: TokenOutcome, seconds: number): void {
    this.tokenCounts[outcome].inc();
    this.tokenDuration.observe(seconds);
  }

  command(surface: Surface, command: string, outcome: Outcome): void {
    this.commands.inc({ surface, command, outcome });
  }

  providerCall(provider: ProviderName, operation: string, outcome: Outcome, seconds: number): void {
    this.providerCalls.inc({ provider, operation, outcome });
    this.providerDuration.observe({ provider, operation }, seconds);
  }

  providerThrottled(provider: ProviderName, operation: string): void {
    this.throttled.inc({ provider, operation });
  }

  reminderPass(figures: PassFigures): void {
    const labels = { kind: figures.kind, outcome: figures.outcome };
    this.passes.inc(labels);
    this.passDuration.observe(labels, figures.seconds);
    if (figures.kind === "pass" && figures.outcome === "done") this.lastPass.set(Date.now() / 1000);
    for (const result of reminderResults) this.reminders.inc({ result }, figures[result]);
  }

  /** The scrape's body and content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
