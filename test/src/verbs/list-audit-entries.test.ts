import { afterEach, describe, expect, it } from "vitest";
import { errorText } from "../../../src/commands/chat-error.js";
import { addApplication } from "../../../src/verbs/add-application.js";
import { addOrganisation } from "../../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { listAuditEntries } from "../../../src/verbs/list-audit-entries.js";
import { codeOf, refusal } from "../../helpers/errors.js";
import { auditOf } from "../../helpers/rows.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, OTHER_APP, STRANGER, seedPartner, VIEWER } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const ORG = "Partner NL";
const ROOT = "root@registry.org";
const ORG_MANAGER = "olga@partner-nl.org";

describe("listing audit entries", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("shows an administrator every entry, newest first, twenty unless told otherwise", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    rt.clock.advance(60_000);
    await createClientSecret(await rt.as(MANAGER), { application: APP });
    rt.clock.advance(60_000);
    const contacts = Array.from({ length: 20 }, (_, i) => `contact${i}@partner-be.org`);
    await addOrganisation(rt.operator, { name: "Partner BE", contacts });
    const newestFirst = (await auditOf(rt)).reverse();
    expect(newestFirst).toHaveLength(27);

    expect(await listAuditEntries(await rt.as(ROOT), {})).toEqual(newestFirst.slice(0, 20));
    expect(await listAuditEntries(rt.operator, { limit: 2 })).toEqual(newestFirst.slice(0, 2));
    expect(await listAuditEntries(rt.operator, { limit: 10_000 })).toEqual(newestFirst);
  });

  it("shows a manager the application's entries and its organisation's, but not another application's", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    await grantAccess(rt.operator, { email: ORG_MANAGER, target: { kind: "organisation", ref: ORG }, role: "manager" });
    await addApplication(rt.operator, { name: "Partner-NL-Match", organisation: ORG });
    await grantAccess(rt.operator, {
      email: "dan@partner-nl.org",
      target: { kind: "application", ref: "Partner-NL-Match" },
      role: "viewer",
    });
    await addOrganisation(rt.operator, { name: "Partner BE" });
    await addApplication(rt.operator, { name: OTHER_APP, organisation: "Partner BE" });
    await createClientSecret(await rt.as(MANAGER), { application: APP });

    const expected = [
      ["secret.created", APP, MANAGER],
      ["grant.added", ORG, "operator:test"],
      ["grant.added", APP, "operator:test"],
      ["grant.added", APP, "operator:test"],
      ["application.added", APP, "operator:test"],
      ["contact.added", ORG, "operator:test"],
      ["organisation.added", ORG, "operator:test"],
    ];
    const seen = async (email: string) =>
      (await listAuditEntries(await rt.as(email), { application: APP })).map((e) => [e.action, e.target, e.actor]);
    expect(await seen(MANAGER)).toEqual(expected);
    // A manager of the whole organisation reads it too.
    expect(await seen(ORG_MANAGER)).toEqual(expected);
  });

  it("lets an administrator without a grant read one application's entries, and only those since a time", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    rt.clock.advance(3_600_000);
    const since = rt.clock.now();
    const created = await createClientSecret(await rt.as(MANAGER), { application: APP });
    await addOrganisation(rt.operator, { name: "Partner BE" });

    const root = await rt.as(ROOT);
    expect((await listAuditEntries(root, { application: APP })).map((e) => e.action)).toContain("application.added");
    const recent = await listAuditEntries(root, { application: APP, since });
    expect(recent.map((e) => [e.action, e.detail.keyId])).toEqual([["secret.created", created.keyId]]);
    expect((await listAuditEntries(root, { since })).map((e) => e.action)).toEqual([
      "organisation.added",
      "secret.created",
    ]);
    expect(JSON.stringify(recent)).not.toContain(created.value);
  });

  it("refuses the whole log to anyone but an administrator, and an application's entries to its viewers", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    const whole = await refusal(async () => listAuditEntries(await rt.as(MANAGER), {}));
    expect(whole.code).toBe("FORBIDDEN");
    expect(whole.message).toBe(
      `Only administrators can read the whole audit log. If you need this, ask an administrator (${ROOT}). Managers can type \`audit <app>\`.`,
    );
    const viewer = await refusal(async () => listAuditEntries(await rt.as(VIEWER), { application: APP }));
    expect(viewer.code).toBe("FORBIDDEN");
    expect(viewer.message).toBe(`Only administrators and credential managers of ${APP} can read its audit entries.`);
    expect(await codeOf(async () => listAuditEntries(await rt.as(VIEWER), {}))).toBe("FORBIDDEN");
  });

  it("lets an administrator who also holds a viewer grant read the application's entries", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    await grantAccess(rt.operator, { email: ROOT, target: { kind: "application", ref: APP }, role: "viewer" });
    const root = await rt.as(ROOT);
    expect((await listAuditEntries(root, {})).length).toBeGreaterThan(0);
    const entries = await listAuditEntries(root, { application: APP });
    expect(entries.map((e) => e.action)).toContain("application.added");
  });

  it("answers someone without a grant as for an application that does not exist", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const sam = await rt.as(STRANGER);
    const existing = await refusal(() => listAuditEntries(sam, { application: APP }));
    const missing = await refusal(() => listAuditEntries(sam, { application: "No-Such-App" }));
    expect(existing.code).toBe("NOT_FOUND");
    expect(missing.code).toBe("NOT_FOUND");
    expect(existing.message.replace(APP, "X")).toBe(missing.message.replace("No-Such-App", "X"));
  });

  it("refuses a limit that is not a whole number from 1 to 10000", async () => {
    rt = await testRuntime();
    for (const limit of [0, 10_001, 1.5]) {
      const error = await listAuditEntries(rt.operator, { limit }).catch((e: unknown) => e);
      expect(errorText(error, rt.log)).toBe("❌ The limit is a whole number from 1 to 10000.");
    }
  });
});
