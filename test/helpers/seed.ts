import type { Ctx } from "../../src/context.js";
import { addApplication } from "../../src/verbs/add-application.js";
import { addOrganisation } from "../../src/verbs/add-organisation.js";
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
