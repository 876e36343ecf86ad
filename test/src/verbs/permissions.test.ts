import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
  beforeEach(async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  it("answers a person without a grant exactly as for an application that does not exist", async () => {
    const stranger = await rt.as(STRANGER);
    const existing = await refusal(() => showApplication(stranger, { application: "Partner-NL-Search" }));
    const missing = await refusal(() => showApplication(stranger, { application: "No-Such-App" }));
    expect(existing.code).toBe("NOT_FOUND");
    expect(missing.code).toBe("NOT_FOUND");
    expect(existing.message.replace("Partner-NL-Search", "X")).toBe(missing.message.replace("No-Such-App", "X"));
    expect(await listApplications(stranger)).toEqual([]);
  });

  it("refuses to create a secret for an application the user holds no grant for, revealing nothing", async () => {
    const error = await refusal(async () =>
      createClientSecret(await rt.as(STRANGER), { application: "Partner-NL-Search" }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(0);
  });

  it("refuses to delete a secret of an application the user holds no grant for", async () => {
    const created = await createClientSecret(await rt.as(MANAGER), { application: "Partner-NL-Search" });
    const error = await refusal(async () =>
      requestSecretDeletion(await rt.as(STRANGER), { application: "Partner-NL-Search", secret: created.keyId }),
    );
    expect(error.code).toBe("NOT_FOUND");
  });

  it("lets a viewer see secret metadata but not create or delete, and names whom to ask", async () => {
    const created = await createClientSecret(await rt.as(MANAGER), { application: "Partner-NL-Search" });
    const viewer = await rt.as(VIEWER);
    const detail = await showApplication(viewer, { application: "Partner-NL-Search" });
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
    const admin = await rt.as("root@registry.org");
    expect(await listApplications(admin)).toEqual([]);
    const [person] = await rt.db
      .select({ id: rt.db.t.people.id })
      .from(rt.db.t.people)
      .where(eq(rt.db.t.people.email, "root@registry.org"));
    if (!person) throw new Error("the administrator-to-be was not recorded as a person");
    await rt.db.transaction((tx) => tx.insert(rt.db.t.administrators).values({ personId: person.id, addedBy: "test" }));
    const asAdmin = await rt.as("root@registry.org");
    expect((await listApplications(asAdmin)).map((a) => [a.name, a.access])).toEqual([
      ["Partner-NL-Search", "administrator"],
    ]);
    const error = await refusal(() => createClientSecret(asAdmin, { application: "Partner-NL-Search" }));
    expect(error.code).toBe("FORBIDDEN");
  });

  it("covers present and future applications with an organisation grant", async () => {
    await grantAccess(rt.operator, {
      email: "org@partner-nl.org",
      target: { kind: "organisation", ref: "Partner NL" },
      role: "manager",
    });
    await addApplication(rt.operator, { name: "Partner-NL-Matching", organisation: "Partner NL" });
    const orgManager = await rt.as("org@partner-nl.org");
    expect((await listApplications(orgManager)).map((a) => a.name)).toEqual([
      "Partner-NL-Matching",
      "Partner-NL-Search",
    ]);
    const created = await createClientSecret(orgManager, { application: "Partner-NL-Matching" });
    expect(created.applicationName).toBe("Partner-NL-Matching");
  });

  it("stops access the moment a grant is revoked", async () => {
    await revokeAccess(rt.operator, { email: VIEWER, target: { kind: "application", ref: "Partner-NL-Search" } });
    const error = await refusal(async () => showApplication(await rt.as(VIEWER), { application: "Partner-NL-Search" }));
    expect(error.code).toBe("NOT_FOUND");
  });

  it("lets only administrators register organisations and grant access", async () => {
    const manager = await rt.as(MANAGER);
    expect((await refusal(() => addOrganisation(manager, { name: "Rogue" }))).code).toBe("FORBIDDEN");
    const grant = {
      email: STRANGER,
      target: { kind: "either" as const, ref: "Partner-NL-Search" },
      role: "manager" as const,
    };
    expect((await refusal(() => grantAccess(manager, grant))).code).toBe("FORBIDDEN");
  });

  it("treats the same e-mail in any case as the same person", async () => {
    expect(
      (await showApplication(await rt.as("ANN@Partner-NL.org"), { application: "partner-nl-search" })).access,
    ).toBe("manager");
  });
});
