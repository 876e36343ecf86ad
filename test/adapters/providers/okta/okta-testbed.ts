/**
 * What the Okta tests share: the fake Okta, a real runtime wired for SECRET_PROVIDER=okta, an
 * organisation whose applications are the org's OIDC apps (imported, as an operator would). The
 * provider on its own: okta-direct.ts.
 */
import { FakeOkta } from "../../../fakes/fake-okta.js";
import type { FakeOktaApp } from "../../../fakes/fake-okta-org.js";
import type { FixedClock } from "../../../fakes/fixed-clock.js";
import { providerTestbed, seedImportedPartner } from "../../../helpers/provider-testbed.js";
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
