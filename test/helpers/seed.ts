import type { Ctx } from "../../src/context.js";
import { addApplication } from "../../src/verbs/add-application.js";
import { addOrganisation } from "../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../src/verbs/grant-access.js";

export const MANAGER = "ann@partner-nl.org";
export const VIEWER = "vic@partner-nl.org";
export const STRANGER = "sam@elsewhere.org";

/** One organisation with one application, a manager (by application grant) and a viewer. */
export function seedPartner(operator: Ctx, name = "Partner-NL-Search") {
  const org = addOrganisation(operator, { name: "Partner NL", contacts: ["ops@partner-nl.org"] });
  const app = addApplication(operator, { name, organisation: org.name, apis: ["search", "matching"] });
  grantAccess(operator, { email: MANAGER, target: { kind: "application", ref: app.name }, role: "manager" });
  grantAccess(operator, { email: VIEWER, target: { kind: "application", ref: app.name }, role: "viewer" });
  return { org, app };
}

export const OTHER_APP = "Partner-BE-Match";
export const OTHER_MANAGER = "bob@partner-be.org";

/**
 * Partner NL as in seedPartner, plus Partner BE with its own application and manager, and one secret
 * for each application: for proving nobody reaches across organisations.
 */
export async function seedTwoOrganisations(operator: Ctx, as: (email: string) => Ctx) {
  const ids: Record<string, string> = {};
  ids["Partner-NL-Search"] = seedPartner(operator).app.clientId;
  addOrganisation(operator, { name: "Partner BE", contacts: [] });
  ids[OTHER_APP] = addApplication(operator, { name: OTHER_APP, organisation: "Partner BE", apis: ["match"] }).clientId;
  const secret = await createClientSecret(as(MANAGER), { application: "Partner-NL-Search" });
  grantAccess(operator, { email: OTHER_MANAGER, target: { kind: "application", ref: OTHER_APP }, role: "manager" });
  const other = await createClientSecret(as(OTHER_MANAGER), { application: OTHER_APP });
  return { ids, secret, other };
}
