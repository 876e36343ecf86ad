/**
 * What the Okta tests share: the fake Okta, a real runtime wired for SECRET_PROVIDER=okta, an
 * organisation whose applications are the org's OIDC apps (imported, as an operator would), and the
 * provider straight on the fake.
 */
import { OktaSecretProvider } from "../../../../adapters/providers/okta/okta-provider.js";
import { FakeOkta, OKTA_TOKEN } from "../../../fakes/fake-okta.js";
import type { FakeOktaApp } from "../../../fakes/fake-okta-org.js";
import type { FixedClock } from "../../../fakes/fixed-clock.js";
import {
  capturedLog,
  providerTestbed,
  type RetryOptions,
  recordedRetry,
  seedImportedPartner,
} from "../../../helpers/provider-testbed.js";
import type { TestRuntime } from "../../../helpers/runtime.js";

export const APP = "Partner-NL-Search";

export type OktaBed = { okta: FakeOkta; rt: TestRuntime; clock: FixedClock; close(): Promise<void> };

export async function oktaTestbed(env: Record<string, string> = {}): Promise<OktaBed> {
  const bed = await providerTestbed(FakeOkta.start, (okta) => okta.env(), env);
  return { ...bed, okta: bed.fake };
}

/** Partner NL with the org's active apps imported (each with one secret made in Okta), ann managing them, vic viewing. */
export async function seedOktaPartner(bed: OktaBed, names: string[] = [APP]): Promise<FakeOktaApp[]> {
  const apps = names.map((name) => {
    const app = bed.okta.org.addApp(name);
    bed.okta.org.addSecret(app);
    return app;
  });
  await seedImportedPartner(bed, 'status eq "ACTIVE"', names);
  return apps;
}

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
