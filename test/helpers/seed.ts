import type { Ctx } from "../../src/context.js";
import { addApplication } from "../../src/verbs/add-application.js";
import { addOrganisation } from "../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../src/verbs/grant-access.js";

export const MANAGER = "ann@partner-nl.org";
export const VIEWER = "vic@partner-nl.org";
export const STRANGER = "sam@elsewhere.org";

/** One organisation with one application, a manager (by application grant) and a viewer. */
export async function seedPartner(operator: Ctx, name = "Partner-NL-Search") {
  const org = await addOrganisation(operator, { name: "Partner NL", contacts: ["ops@partner-nl.org"] });
  const app = await addApplication(operator, { name, organisation: org.name, apis: ["search", "matching"] });
  await grantAccess(operator, { email: MANAGER, target: { kind: "application", ref: app.name }, role: "manager" });
  await grantAccess(operator, { email: VIEWER, target: { kind: "application", ref: app.name }, role: "viewer" });
  return { org, app };
}

export const OTHER_APP = "Partner-BE-Match";
export const OTHER_MANAGER = "bob@partner-be.org";

/**
 * Partner NL as in seedPartner, plus Partner BE with its own application and manager, and one secret
 * for each application: for proving nobody reaches across organisations.
 */
export async function seedTwoOrganisations(operator: Ctx, as: (email: string) => Promise<Ctx>) {
  const ids: Record<string, string> = {};
  ids["Partner-NL-Search"] = (await seedPartner(operator)).app.clientId;
  await addOrganisation(operator, { name: "Partner BE", contacts: [] });
  const otherApp = await addApplication(operator, { name: OTHER_APP, organisation: "Partner BE", apis: ["match"] });
  ids[OTHER_APP] = otherApp.clientId;
  const secret = await createClientSecret(await as(MANAGER), { application: "Partner-NL-Search" });
  await grantAccess(operator, {
    email: OTHER_MANAGER,
    target: { kind: "application", ref: OTHER_APP },
    role: "manager",
  });
  const other = await createClientSecret(await as(OTHER_MANAGER), { application: OTHER_APP });
  return { ids, secret, other };
}
