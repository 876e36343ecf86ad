/** The Keycloak provider on its own, straight on the fake: no runtime, no database. */
import { KeycloakSecretProvider } from "../../../../adapters/providers/keycloak/keycloak-provider.js";
import { type FakeKeycloak, KC_BOT_CLIENT_ID, KC_BOT_SECRET, REALM } from "../../../fakes/fake-keycloak.js";
import type { FakeClient } from "../../../fakes/fake-keycloak-realm.js";
import type { FixedClock } from "../../../fakes/fixed-clock.js";
import { TEST_PEPPER } from "../../../helpers/config.js";
import { capturedLog, type RetryOptions, recordedRetry } from "../../../helpers/provider-direct.js";

/** The provider straight on the fake, with its waits recorded instead of slept and its log captured. */
export function directKeycloak(
  kc: FakeKeycloak,
  clock: FixedClock,
  options: RetryOptions & { clientSecret?: string; timeoutMs?: number } = {},
) {
  const { log, logLines } = capturedLog();
  const { retry, waits } = recordedRetry(options);
  const provider = new KeycloakSecretProvider({
    url: kc.url,
    realm: REALM,
    clientId: KC_BOT_CLIENT_ID,
    clientSecret: options.clientSecret ?? KC_BOT_SECRET,
    fingerprintKey: Buffer.from(TEST_PEPPER),
    defaultLifetimeDays: 365,
    clock,
    log,
    timeoutMs: options.timeoutMs,
    retry,
  });
  return { provider, waits, logLines };
}

/** The ProviderApplication the provider is called with for a client. */
export const asProviderApp = (client: FakeClient) => ({
  id: 1,
  clientId: client.clientId,
  name: client.clientId,
  providerRef: client.id,
});
