/**
 * Counting what the bot does, for an operator's dashboards and alerts (Prometheus at GET /metrics).
 * Every label here is from a short fixed list (an outcome, a surface, a command or operation name): never
 * a person, an e-mail, a secret, a hint or a client id, so the number of series stays bounded.
 */
import type { ProviderName } from "../../db/vocabulary.js";
import type { Surface } from "../context.js";

/** How a token request ended. */
export const tokenOutcomes = ["issued", "invalid_client", "invalid_request", "rate_limited", "error"] as const;
export type TokenOutcome = (typeof tokenOutcomes)[number];

/** How a command, a provider call or a reminder pass ended: `ok`, or the error code in lower case. */
export type Outcome = string;

/** What one reminder pass (or retry of due deliveries between passes) did; `outcome` is `failed` when it threw. */
export type PassFigures = {
  kind: "pass" | "retry";
  outcome: "done" | "skipped" | "failed";
  seconds: number;
  recorded: number;
  sent: number;
  printed: number;
  retrying: number;
  failed: number;
};

export interface Metrics {
  /** One answer of the token endpoint: how it ended and how long it took. Must cost next to nothing. */
  tokenRequest(outcome: TokenOutcome, seconds: number): void;
  /** One chat command (or form) run on a surface. */
  command(surface: Surface, command: string, outcome: Outcome): void;
  /** One call of the secret provider port (createSecret, listSecrets, …). */
  providerCall(provider: ProviderName, operation: string, outcome: Outcome, seconds: number): void;
  /** The provider throttled (429) or was busy (503), whether or not waiting cured it. */
  providerThrottled(provider: ProviderName, operation: string): void;
  /** One reminder pass, or one retry of due deliveries between passes (nothing recorded). */
  reminderPass(figures: PassFigures): void;
}

/** Counting off (METRICS_TOKEN unset): every call does nothing. */
export const noMetrics: Metrics = {
  tokenRequest: () => {},
  command: () => {},
  providerCall: () => {},
  providerThrottled: () => {},
  reminderPass: () => {},
};
