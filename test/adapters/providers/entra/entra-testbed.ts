/**
 * What the Entra tests share: the fake Graph, a real runtime wired for SECRET_PROVIDER=entra (so
 * src/main.ts builds the real provider), and an organisation whose application is an app
 * registration at the fake.
 */
import { EntraSecretProvider } from "../../../../adapters/providers/entra/entra-provider.js";
import { addApplication } from "../../../../src/verbs/add-application.js";
import { addOrganisation } from "../../../../src/verbs/add-organisation.js";
import { grantAccess } from "../../../../src/verbs/grant-access.js";
import type { FakeApplication } from "../../../fakes/fake-entra-directory.js";
import { BOT_CLIENT_ID, BOT_CLIENT_SECRET, FakeGraph, TENANT } from "../../../fakes/fake-graph.js";
import type { FixedClock } from "../../../fakes/fixed-clock.js";
import { capturedLog, providerTestbed, type RetryOptions, recordedRetry } from "../../../helpers/provider-testbed.js";
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
