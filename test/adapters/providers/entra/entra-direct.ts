/** The Graph provider on its own, straight on the fake: no runtime, no database. */
import { EntraSecretProvider } from "../../../../adapters/providers/entra/entra-provider.js";
import type { FakeApplication } from "../../../fakes/fake-entra-directory.js";
import { BOT_CLIENT_ID, BOT_CLIENT_SECRET, type FakeGraph, TENANT } from "../../../fakes/fake-graph.js";
import type { FixedClock } from "../../../fakes/fixed-clock.js";
import { capturedLog, type RetryOptions, recordedRetry } from "../../../helpers/provider-direct.js";

/** The provider straight on the fake, with its waits recorded instead of slept and its log captured. */
export function directProvider(
  graph: FakeGraph,
  clock: FixedClock,
  options: RetryOptions & { clientSecret?: string; timeoutMs?: number } = {},
) {
  const { log, logLines } = capturedLog();
  const { retry, waits } = recordedRetry(options);
  const provider = new EntraSecretProvider({
    tenantId: TENANT,
    clientId: BOT_CLIENT_ID,
    clientSecret: options.clientSecret ?? BOT_CLIENT_SECRET,
    graphUrl: graph.url,
    authorityUrl: graph.url,
    clock,
    log,
    timeoutMs: options.timeoutMs,
    retry,
  });
  return { provider, waits, logLines };
}

/** The ProviderApplication the provider is called with for an app registration. */
export const asProviderApp = (registration: FakeApplication) => ({
  id: 1,
  clientId: registration.appId,
  name: registration.displayName,
  providerRef: registration.id,
});
