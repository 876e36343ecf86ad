/**
 * What the Keycloak tests share: the fake Keycloak, a real runtime wired for SECRET_PROVIDER=keycloak,
 * an organisation whose applications are the realm's clients (imported, as an operator would), and
 * the provider straight on the fake.
 */
import { KeycloakSecretProvider } from "../../../../adapters/providers/keycloak/keycloak-provider.js";
import { FakeKeycloak, KC_BOT_CLIENT_ID, KC_BOT_SECRET, REALM } from "../../../fakes/fake-keycloak.js";
import type { FakeClient } from "../../../fakes/fake-keycloak-realm.js";
import type { FixedClock } from "../../../fakes/fixed-clock.js";
import {
  capturedLog,
  providerTestbed,
  type RetryOptions,
  recordedRetry,
  seedImportedPartner,
} from "../../../helpers/provider-testbed.js";
import { TEST_PEPPER, type TestRuntime } from "../../../helpers/runtime.js";

export const APP = "partner-nl-search";

export type KeycloakBed = { kc: FakeKeycloak; rt: TestRuntime; clock: FixedClock; close(): Promise<void> };

export async function keycloakTestbed(env: Record<string, string> = {}): Promise<KeycloakBed> {
  const bed = await providerTestbed(FakeKeycloak.start, (kc) => kc.env(), env);
  return { ...bed, kc: bed.fake };
}

/** Partner NL with the realm's partner-nl-* clients imported, ann managing them and vic viewing the first. */
export async function seedKeycloakPartner(bed: KeycloakBed, names: string[] = [APP]): Promise<FakeClient[]> {
  const clients = names.map((name) => bed.kc.realm.addClient(name));
  await seedImportedPartner(bed, "partner-nl-", names);
  return clients;
}

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
