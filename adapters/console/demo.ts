/**
 * A demo organisation for a newcomer on an empty database: two applications the person manages, one
 * with a secret about to expire, so every command has something to show; and the person an
 * administrator (of what is, so far, only the demo), so the administrators' commands — grant, audit,
 * requests — can be tried too.
 */

import type { Deps, PersonActor } from "../../src/context.js";
import { withActor } from "../../src/context.js";
import { operatorActor } from "../../src/people.js";
import { addAdministrator } from "../../src/verbs/add-administrator.js";
import { addApplication } from "../../src/verbs/add-application.js";
import { addOrganisation } from "../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../src/verbs/create-client-secret.js";
import { hasNoOrganisations } from "../../src/verbs/find-organisation.js";
import { grantAccess } from "../../src/verbs/grant-access.js";

export const DEMO_ORGANISATION = "Demo-Registry";

export const isDatabaseEmpty = (deps: Deps): Promise<boolean> => hasNoOrganisations(deps.db);

/** Seeds the demo and makes `person` a credential manager of it and an administrator. */
export async function createDemo(deps: Deps, person: PersonActor): Promise<string[]> {
  const operator = withActor(deps, operatorActor("demo"));
  await addOrganisation(operator, { name: DEMO_ORGANISATION, contacts: [person.email] });
  const search = await addApplication(operator, {
    name: "Demo-Search",
    organisation: DEMO_ORGANISATION,
    apis: ["search"],
  });
  await addApplication(operator, {
    name: "Demo-Matching",
    organisation: DEMO_ORGANISATION,
    apis: ["matching", "search"],
  });
  await grantAccess(operator, {
    email: person.email,
    target: { kind: "organisation", ref: DEMO_ORGANISATION },
    role: "manager",
  });
  await addAdministrator(operator, { email: person.email });
  // An old secret close to expiry, so `expiring` and the ⚠️ marker have something to show. Its value is discarded.
  await createClientSecret(withActor(deps, person), {
    application: search.name,
    displayName: "Old demo secret",
    expires: "10d",
  });
  return ["Demo-Search", "Demo-Matching"];
}

/** What the console says once the demo is there, with what to try (the administrators' commands too). */
export const demoCreated = (organisation: string, apps: string[]): string =>
  `✅ Created ${organisation} with ${apps.join(" and ")}; you manage both, and you are an administrator. Try: list, show ${apps[0]}, rotate ${apps[0]}, grant someone@example.org ${apps[0]} viewer, audit`;
