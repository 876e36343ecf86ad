/**
 * What the Keycloak tests share: the fake Keycloak, a real runtime wired for SECRET_PROVIDER=keycloak,
 * an organisation whose applications are the realm's clients (imported, as an operator would). The
 * provider on its own: keycloak-direct.ts.
 */
import { FakeKeycloak } from "../../../fakes/fake-keycloak.js";
import type { FakeClient } from "../../../fakes/fake-keycloak-realm.js";
import type { FixedClock } from "../../../fakes/fixed-clock.js";
import { providerTestbed, seedImportedPartner } from "../../../helpers/provider-testbed.js";
import type { TestRuntime } from "../../../helpers/runtime.js";

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
