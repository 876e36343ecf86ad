/**
 * The secret provider with every call counted (steward_provider_requests_total, its latency) and
 * wrapped in a span, whichever provider it is. The provider's own HTTP requests run inside that span,
 * so the `traceparent` they send names it.
 */

import { outcomeOf } from "../../src/outcome.js";
import { type Metrics, noMetrics } from "../../src/ports/metrics.js";
import type { SecretProvider } from "../../src/ports/secret-provider.js";
import { noTracer, type Tracer } from "../../src/ports/tracer.js";

type Operation =
  | "createSecret"
  | "deleteSecret"
  | "listSecrets"
  | "findApplications"
  | "planCreate"
  | "deactivateSecret";

/** The provider wrapped; the provider itself when neither metrics nor traces are on (nothing to pay for). */
export function instrumentedProvider(provider: SecretProvider, metrics: Metrics, tracer: Tracer): SecretProvider {
  if (metrics === noMetrics && tracer === noTracer) return provider;
  const wrap = <A extends unknown[], R>(operation: Operation, call: ((...args: A) => Promise<R>) | undefined) => {
    if (!call) return {};
    const attributes = { "steward.provider": provider.name, "steward.operation": operation };
    const instrumented = (...args: A): Promise<R> =>
      tracer.span(`provider ${operation}`, attributes, async () => {
        const started = performance.now();
        let outcome = "ok";
        try {
          return await call.apply(provider, args);
        } catch (error) {
          outcome = outcomeOf(error);
          throw error;
        } finally {
          metrics.providerCall(provider.name, operation, outcome, (performance.now() - started) / 1000);
        }
      });
    return { [operation]: instrumented };
  };
  return {
    name: provider.name,
    label: provider.label,
    maxLifetimeDays: provider.maxLifetimeDays,
    capabilities: provider.capabilities,
    ...(wrap("createSecret", provider.createSecret) as Pick<SecretProvider, "createSecret">),
    ...(wrap("deleteSecret", provider.deleteSecret) as Pick<SecretProvider, "deleteSecret">),
    ...wrap("listSecrets", provider.listSecrets),
    ...wrap("findApplications", provider.findApplications),
    ...wrap("planCreate", provider.planCreate),
    ...wrap("deactivateSecret", provider.deactivateSecret),
  };
}
