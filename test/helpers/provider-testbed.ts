/**
 * What the provider tests share (Entra, Keycloak, Okta): a fake provider API on a local port, a real
 * runtime configured for it (so adapters/root/runtime.ts builds the real provider from the
 * environment) and an organisation seeded as an operator would (tests of a provider on its own use
 * provider-direct.ts).
 */
import { addOrganisation } from "../../src/verbs/add-organisation.js";
import { grantAccess } from "../../src/verbs/grant-access.js";
import { importApplications } from "../../src/verbs/import-applications.js";
import type { FakeApiServer } from "../fakes/fake-api-server.js";
import { FixedClock } from "../fakes/fixed-clock.js";
import { type TestRuntime, testRuntime } from "./runtime.js";
import { MANAGER, VIEWER } from "./seed.js";

export type Testbed<F> = { fake: F; rt: TestRuntime; clock: FixedClock; close(): Promise<void> };

/** A fake provider and a runtime pointed at it by `env(fake)`. */
export async function providerTestbed<F extends FakeApiServer>(
  start: (clock: FixedClock) => Promise<F>,
  env: (fake: F) => Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<Testbed<F>> {
  const clock = new FixedClock();
  const fake = await start(clock);
  const rt = await testRuntime({ env: { ...env(fake), ...extraEnv }, clock });
  return {
    fake,
    rt,
    clock,
    close: async () => {
      await rt.cleanup();
      await fake.close();
    },
  };
}

/**
 * Partner NL with the provider's applications that `filter` matches imported, as an operator would:
 * ann manages each of `names`, vic views the first. The clock then moves on five minutes, so the
 * imported secrets are past the sync's grace before a test acts.
 */
export async function seedImportedPartner(
  bed: Pick<Testbed<unknown>, "rt" | "clock">,
  filter: string,
  names: string[],
): Promise<void> {
  await addOrganisation(bed.rt.operator, { name: "Partner NL" });
  await importApplications(bed.rt.operator, { organisation: "Partner NL", filter });
  for (const name of names) {
    await grantAccess(bed.rt.operator, { email: MANAGER, target: { kind: "application", ref: name }, role: "manager" });
  }
  const [first] = names;
  if (first)
    await grantAccess(bed.rt.operator, { email: VIEWER, target: { kind: "application", ref: first }, role: "viewer" });
  bed.clock.advance(5 * 60_000);
}
