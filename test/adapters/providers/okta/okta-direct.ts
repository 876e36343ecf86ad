/** The Okta provider on its own, straight on the fake: no runtime, no database. */
import { OktaSecretProvider } from "../../../../adapters/providers/okta/okta-provider.js";
import { type FakeOkta, OKTA_TOKEN } from "../../../fakes/fake-okta.js";
import type { FakeOktaApp } from "../../../fakes/fake-okta-org.js";
import type { FixedClock } from "../../../fakes/fixed-clock.js";
import { capturedLog, type RetryOptions, recordedRetry } from "../../../helpers/provider-direct.js";

/** The provider straight on the fake, with its waits recorded instead of slept and its log captured. */
export function directOkta(
  okta: FakeOkta,
  clock: FixedClock,
  options: RetryOptions & { apiToken?: string; timeoutMs?: number } = {},
) {
  const { log, logLines } = capturedLog();
  const { retry, waits } = recordedRetry(options);
  const provider = new OktaSecretProvider({
    orgUrl: okta.url,
    apiToken: options.apiToken ?? OKTA_TOKEN,
    defaultLifetimeDays: 365,
    clock,
    log,
    timeoutMs: options.timeoutMs,
    retry,
  });
  return { provider, waits, logLines };
}

/** The ProviderApplication the provider is called with for an app. */
export const asProviderApp = (app: FakeOktaApp) => ({ id: 1, clientId: app.id, name: app.label, providerRef: app.id });
