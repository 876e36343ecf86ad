import { afterEach, describe, expect, it } from "vitest";
import { isUniqueViolation } from "../../../db/database.js";
import { cancelAction, confirmAction } from "../../../src/verbs/confirm-action.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { requestSecretDeletion } from "../../../src/verbs/request-secret-deletion.js";
import { revokeAccess } from "../../../src/verbs/revoke-access.js";
import { RecordingProvider } from "../../fakes/recording-provider.js";
import { codeOf } from "../../helpers/errors.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const DAY = 86_400_000;

describe("creating a client secret", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("creates a secret with the suggested name and the maximum lifetime, and audits it without the value", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const created = await createClientSecret(await rt.as(MANAGER), { application: APP });
    expect(created.displayName).toBe("Secret by ann");
    expect(created.value).toMatch(/^sst_[0-9A-Za-z]{49}$/);
    expect(created.hint).toBe(created.value.slice(0, 7));
    // The end of the latest day: 365 days from today (26 November 2026), through its last second.
    expect(created.expiresAt.toISOString()).toBe("2027-11-26T23:59:59.000Z");
    const [row] = await rt.db.select().from(rt.db.t.clientSecrets);
    expect(row?.hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = (await rt.db.select().from(rt.db.t.auditEntries)).filter((e) => e.action === "secret.created");
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toBe(MANAGER);
    expect(JSON.stringify(audit)).not.toContain(created.value);
  });

  it("accepts a date or a number of days, and refuses past dates, bad dates and lifetimes over the maximum", async () => {
    rt = await testRuntime({ env: { SECRET_MAX_LIFETIME_DAYS: "90" } });
    await seedPartner(rt.operator);
    const ann = await rt.as(MANAGER);
    const byDate = await createClientSecret(ann, { application: APP, expires: "2027-01-31" });
    expect(byDate.expiresAt.toISOString()).toBe("2027-01-31T23:59:59.000Z");
    const byDays = await createClientSecret(ann, { application: APP, expires: "90d" });
    expect(byDays.expiresAt.toISOString()).toBe("2027-02-24T23:59:59.000Z");
    for (const expires of ["91d", "2027-02-25", "2026-11-26", "2025-01-01", "0d", "2027-02-30", "soon", "12/01/2027"]) {
      expect(await codeOf(async () => createClientSecret(ann, { application: APP, expires }))).toBe("VALIDATION");
    }
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(2);
  });

  it("refuses more unexpired secrets than SECRET_MAX_ACTIVE, but expired ones do not count", async () => {
    rt = await testRuntime({ env: { SECRET_MAX_ACTIVE: "2" } });
    await seedPartner(rt.operator);
    const ann = await rt.as(MANAGER);
    await createClientSecret(ann, { application: APP, expires: "5d" });
    await createClientSecret(ann, { application: APP });
    expect(await codeOf(async () => createClientSecret(ann, { application: APP }))).toBe("CONFLICT");
    rt.clock.advance(6 * DAY);
    await createClientSecret(ann, { application: APP });
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(3);
  });

  it("removes the secret at the provider again when the database write fails", async () => {
    const provider = new RecordingProvider();
    rt = await testRuntime({ provider });
    await seedPartner(rt.operator);
    provider.fixedKeyId = "11111111-1111-1111-1111-111111111111";
    await createClientSecret(await rt.as(MANAGER), { application: APP });
    // The same key id again violates the unique index: the row fails after the provider succeeded.
    const failure = await createClientSecret(await rt.as(MANAGER), { application: APP }).catch((e: unknown) => e);
    expect(isUniqueViolation(failure)).toBe(true);
    expect(provider.calls.map((c) => c.method)).toEqual(["createSecret", "createSecret", "deleteSecret"]);
    expect(provider.calls[2]?.keyId).toBe(provider.fixedKeyId);
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(1);
    expect((await rt.db.select().from(rt.db.t.auditEntries)).filter((e) => e.action === "secret.created")).toHaveLength(
      1,
    );
  });

  it("changes nothing when the provider is not answering", async () => {
    const provider = new RecordingProvider();
    rt = await testRuntime({ provider });
    await seedPartner(rt.operator);
    provider.isDown = true;
    expect(await codeOf(async () => createClientSecret(await rt.as(MANAGER), { application: APP }))).toBe(
      "PROVIDER_UNAVAILABLE",
    );
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(0);
  });
});

describe("deleting a client secret through a confirmation", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  async function pending(runtime: TestRuntime) {
    await seedPartner(runtime.operator);
    const created = await createClientSecret(await runtime.as(MANAGER), { application: APP });
    return {
      created,
      request: await requestSecretDeletion(await runtime.as(MANAGER), { application: APP, secret: created.hint }),
    };
  }

  it("deletes nothing until confirmed, then deletes once and audits it", async () => {
    rt = await testRuntime();
    const { request } = await pending(rt);
    expect(request.isActive).toBe(true);
    expect(request.othersActive).toBe(0);
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(1);
    const deleted = await confirmAction(await rt.as(MANAGER), request.token);
    expect(deleted?.secret.keyId).toBe(request.secret.keyId);
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(0);
    expect((await rt.db.select().from(rt.db.t.auditEntries)).map((e) => e.action)).toContain("secret.deleted");
  });

  it("cannot be used twice: a double click deletes once", async () => {
    rt = await testRuntime();
    const { request } = await pending(rt);
    const outcomes = await Promise.allSettled([
      confirmAction(await rt.as(MANAGER), request.token),
      confirmAction(await rt.as(MANAGER), request.token),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await codeOf(async () => confirmAction(await rt.as(MANAGER), request.token))).toBe("CONFLICT");
    expect((await rt.db.select().from(rt.db.t.auditEntries)).filter((e) => e.action === "secret.deleted")).toHaveLength(
      1,
    );
  });

  it("cannot be used by someone else, even another manager of the application", async () => {
    rt = await testRuntime();
    const { request } = await pending(rt);
    await grantAccess(rt.operator, {
      email: "bea@partner-nl.org",
      target: { kind: "application", ref: APP },
      role: "manager",
    });
    expect(await codeOf(async () => confirmAction(await rt.as("bea@partner-nl.org"), request.token))).toBe("FORBIDDEN");
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(1);
  });

  it("cannot be used after ten minutes", async () => {
    rt = await testRuntime();
    const { request } = await pending(rt);
    rt.clock.advance(10 * 60_000 + 1);
    expect(await codeOf(async () => confirmAction(await rt.as(MANAGER), request.token))).toBe("EXPIRED");
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(1);
  });

  it("re-checks the grant when confirmed: a manager revoked in between deletes nothing", async () => {
    rt = await testRuntime();
    const { request } = await pending(rt);
    await revokeAccess(rt.operator, { email: MANAGER, target: { kind: "application", ref: APP } });
    expect(await codeOf(async () => confirmAction(await rt.as(MANAGER), request.token))).toBe("NOT_FOUND");
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(1);
  });

  it("is withdrawn by cancel, after which it cannot delete", async () => {
    rt = await testRuntime();
    const { request } = await pending(rt);
    await cancelAction(await rt.as(MANAGER), request.token);
    expect(await codeOf(async () => confirmAction(await rt.as(MANAGER), request.token))).toBe("CONFLICT");
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(1);
  });

  it("can be clicked again when the provider failed, and then deletes", async () => {
    const provider = new RecordingProvider();
    rt = await testRuntime({ provider });
    const { request } = await pending(rt);
    provider.isDown = true;
    expect(await codeOf(async () => confirmAction(await rt.as(MANAGER), request.token))).toBe("PROVIDER_UNAVAILABLE");
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(1);
    provider.isDown = false;
    await confirmAction(await rt.as(MANAGER), request.token);
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(0);
  });

  it("refuses an unknown token", async () => {
    rt = await testRuntime();
    await pending(rt);
    expect(await codeOf(async () => confirmAction(await rt.as(MANAGER), "made-up-token"))).toBe("NOT_FOUND");
  });
});
