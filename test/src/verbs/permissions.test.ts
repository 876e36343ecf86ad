import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientSecrets } from "../../../db/schema.js";
import { addApplication } from "../../../src/verbs/add-application.js";
import { addOrganisation } from "../../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { listApplications } from "../../../src/verbs/list-applications.js";
import { requestSecretDeletion } from "../../../src/verbs/request-secret-deletion.js";
import { revokeAccess } from "../../../src/verbs/revoke-access.js";
import { showApplication } from "../../../src/verbs/show-application.js";
import { refusal } from "../../helpers/errors.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, STRANGER, seedPartner, VIEWER } from "../../helpers/seed.js";

describe("who may see and change an application", () => {
  let rt: TestRuntime;
  beforeEach(() => {
    rt = testRuntime();
    seedPartner(rt.operator);
  });
  afterEach(() => rt.cleanup());

  it("answers a person without a grant exactly as for an application that does not exist", async () => {
    const stranger = rt.as(STRANGER);
    const existing = await refusal(() => showApplication(stranger, { application: "Partner-NL-Search" }));
    const missing = await refusal(() => showApplication(stranger, { application: "No-Such-App" }));
    expect(existing.code).toBe("NOT_FOUND");
    expect(missing.code).toBe("NOT_FOUND");
    expect(existing.message.replace("Partner-NL-Search", "X")).toBe(missing.message.replace("No-Such-App", "X"));
    expect(listApplications(stranger)).toEqual([]);
  });

  it("refuses to create a secret for an application the user holds no grant for, revealing nothing", async () => {
    const error = await refusal(() => createClientSecret(rt.as(STRANGER), { application: "Partner-NL-Search" }));
    expect(error.code).toBe("NOT_FOUND");
    expect(rt.db.select().from(clientSecrets).all()).toHaveLength(0);
  });

  it("refuses to delete a secret of an application the user holds no grant for", async () => {
    const created = await createClientSecret(rt.as(MANAGER), { application: "Partner-NL-Search" });
    const error = await refusal(() =>
      requestSecretDeletion(rt.as(STRANGER), { application: "Partner-NL-Search", secret: created.keyId }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });

  it("lets a viewer see secret metadata but not create or delete, and names whom to ask", async () => {
    const created = await createClientSecret(rt.as(MANAGER), { application: "Partner-NL-Search" });
    const viewer = rt.as(VIEWER);
    const detail = showApplication(viewer, { application: "Partner-NL-Search" });
    expect(detail.access).toBe("viewer");
    expect(detail.secrets.map((s) => s.hint)).toEqual([created.hint]);
    expect(JSON.stringify(detail)).not.toContain(created.value);

    const create = await refusal(() => createClientSecret(viewer, { application: "Partner-NL-Search" }));
    expect(create.code).toBe("FORBIDDEN");
    expect(create.message).toContain(MANAGER);
    const del = await refusal(() =>
      requestSecretDeletion(viewer, { application: "Partner-NL-Search", secret: created.keyId }),
    );
    expect(del.code).toBe("FORBIDDEN");
  });

  it("lets an administrator see every application but not create secrets without a manager grant", async () => {
    const admin = rt.as("root@registry.org");
    expect(listApplications(admin)).toEqual([]);
    rt.db.$client
      .prepare("insert into administrators (person_id, added_by) select id, 'test' from people where email = ?")
      .run("root@registry.org");
    const asAdmin = rt.as("root@registry.org");
    expect(listApplications(asAdmin).map((a) => [a.name, a.access])).toEqual([["Partner-NL-Search", "administrator"]]);
    const error = await refusal(() => createClientSecret(asAdmin, { application: "Partner-NL-Search" }));
    expect(error.code).toBe("FORBIDDEN");
  });

  it("covers present and future applications with an organisation grant", async () => {
    grantAccess(rt.operator, {
      email: "org@partner-nl.org",
      target: { kind: "organisation", ref: "Partner NL" },
      role: "manager",
    });
    addApplication(rt.operator, { name: "Partner-NL-Matching", organisation: "Partner NL" });
    const orgManager = rt.as("org@partner-nl.org");
    expect(listApplications(orgManager).map((a) => a.name)).toEqual(["Partner-NL-Matching", "Partner-NL-Search"]);
    const created = await createClientSecret(orgManager, { application: "Partner-NL-Matching" });
    expect(created.applicationName).toBe("Partner-NL-Matching");
  });

  it("stops access the moment a grant is revoked", async () => {
    revokeAccess(rt.operator, { email: VIEWER, target: { kind: "application", ref: "Partner-NL-Search" } });
    const error = await refusal(() => showApplication(rt.as(VIEWER), { application: "Partner-NL-Search" }));
    expect(error.code).toBe("NOT_FOUND");
  });

  it("lets only administrators register organisations and grant access", async () => {
    const manager = rt.as(MANAGER);
    expect((await refusal(() => addOrganisation(manager, { name: "Rogue" }))).code).toBe("FORBIDDEN");
    const grant = {
      email: STRANGER,
      target: { kind: "either" as const, ref: "Partner-NL-Search" },
      role: "manager" as const,
    };
    expect((await refusal(() => grantAccess(manager, grant))).code).toBe("FORBIDDEN");
  });

  it("treats the same e-mail in any case as the same person", async () => {
    expect(showApplication(rt.as("ANN@Partner-NL.org"), { application: "partner-nl-search" }).access).toBe("manager");
  });
});
