/**
 * What the Entra tests share: the fake Graph, a real runtime wired for SECRET_PROVIDER=entra (so
 * adapters/root/runtime.ts builds the real provider), and an organisation whose application is an
 * app registration at the fake. The provider on its own: entra-direct.ts.
 */
import { addApplication } from "../../../../src/verbs/add-application.js";
import { addOrganisation } from "../../../../src/verbs/add-organisation.js";
import { grantAccess } from "../../../../src/verbs/grant-access.js";
import type { FakeApplication } from "../../../fakes/fake-entra-directory.js";
import { FakeGraph } from "../../../fakes/fake-graph.js";
import type { FixedClock } from "../../../fakes/fixed-clock.js";
import { providerTestbed } from "../../../helpers/provider-testbed.js";
import type { TestRuntime } from "../../../helpers/runtime.js";
import { MANAGER, VIEWER } from "../../../helpers/seed.js";

export const APP = "Partner-NL-Search";

export type Testbed = { graph: FakeGraph; rt: TestRuntime; clock: FixedClock; close(): Promise<void> };

export async function entraTestbed(env: Record<string, string> = {}): Promise<Testbed> {
  const bed = await providerTestbed(FakeGraph.start, (graph) => graph.env(), env);
  return { ...bed, graph: bed.fake };
}

/** Partner NL with app registrations registered as applications, ann managing them and vic viewing the first. */
export async function seedEntraPartner(bed: Testbed, names: string[] = [APP]): Promise<FakeApplication[]> {
  const org = await addOrganisation(bed.rt.operator, { name: "Partner NL" });
  const registrations: FakeApplication[] = [];
  for (const name of names) {
    const registration = bed.graph.addApplication(name);
    await addApplication(bed.rt.operator, {
      name,
      organisation: org.name,
      clientId: registration.appId,
      providerRef: registration.id,
    });
    await grantAccess(bed.rt.operator, {
      email: MANAGER,
      target: { kind: "application", ref: name },
      role: "manager",
    });
    registrations.push(registration);
  }
  await grantAccess(bed.rt.operator, {
    email: VIEWER,
    target: { kind: "application", ref: names[0]! },
    role: "viewer",
  });
  return registrations;
}
