import { afterEach, describe, expect, it } from "vitest";
import type { DeletionOutcome, ProviderApplication, ProviderSecret } from "../../../src/ports/secret-provider.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { deleteClientSecret } from "../../../src/verbs/delete-client-secret.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { withdrawUnseenSecret } from "../../../src/verbs/withdraw-unseen-secret.js";
import { RecordingProvider } from "../../fakes/recording-provider.js";
import { codeOf, refusal } from "../../helpers/errors.js";
import { applicationNamed, auditOf, insertCredential } from "../../helpers/rows.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, STRANGER, seedPartner, VIEWER } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const ROOT = "root@registry.org";
const DAY = 86_400_000;

/** Like Keycloak: deleting a secret changes the others, and the provider says what it holds afterwards. */
class RegeneratingProvider extends RecordingProvider {
  remaining: ProviderSecret[] | undefined;
  override async deleteSecret(app: ProviderApplication, keyId: string): Promise<DeletionOutcome> {
    await super.deleteSecret(app, keyId);
    return this.remaining ? { remaining: this.remaining } : {};
  }
}

const keyIdsOf = async (rt: TestRuntime) => (await rt.db.select().from(rt.db.t.clientSecrets)).map((s) => s.keyId);
const deletions = (provider: RecordingProvider) => provider.calls.filter((c) => c.method === "deleteSecret");

describe("deleting a client secret", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("deletes the secret at the provider, then its row, and audits it without the value", async () => {
    const provider = new RecordingProvider();
    rt = await testRuntime({ provider });
    await seedPartner(rt.operator);
    const app = await applicationNamed(rt, APP);
    const ann = await rt.as(MANAGER);
    const kept = await createClientSecret(ann, { application: APP, displayName: "Kept" });
    const old = await createClientSecret(ann, { application: APP, displayName: "Old one", expires: "30d" });
    rt.clock.advance(60_000);

    const deleted = await deleteClientSecret(ann, { applicationId: app.id, keyId: old.keyId });
    expect(deleted?.applicationName).toBe(APP);
    expect(deleted?.secret).toMatchObject({ keyId: old.keyId, displayName: "Old one" });
    expect(deletions(provider)).toEqual([{ method: "deleteSecret", clientId: app.clientId, keyId: old.keyId }]);
    expect(await keyIdsOf(rt)).toEqual([kept.keyId]);
    const audit = await auditOf(rt, "secret.deleted");
    expect(audit.map((e) => [e.actor, e.target, e.applicationId, e.at, e.detail])).toEqual([
      [
        MANAGER,
        APP,
        app.id,
        rt.clock.now(),
        { keyId: old.keyId, hint: "fak", displayName: "Old one", expiresOn: old.expiresAt.toISOString().slice(0, 10) },
      ],
    ]);
    expect(JSON.stringify(await auditOf(rt))).not.toContain(old.value);
    expect(rt.logLines.join("")).not.toContain(old.value);
  });

  it("refuses to delete a secret of an application the user holds no grant for, as for one that does not exist", async () => {
    const provider = new RecordingProvider();
    rt = await testRuntime({ provider });
    await seedPartner(rt.operator);
    const app = await applicationNamed(rt, APP);
    const created = await createClientSecret(await rt.as(MANAGER), { application: APP });
    const sam = await rt.as(STRANGER);
    const existing = await refusal(() => deleteClientSecret(sam, { applicationId: app.id, keyId: created.keyId }));
    const missing = await refusal(() =>
      deleteClientSecret(sam, { applicationId: app.id + 1000, keyId: created.keyId }),
    );
    expect(existing.code).toBe("NOT_FOUND");
    expect(missing.code).toBe("NOT_FOUND");
    expect(existing.message.replace(app.clientId, "X")).toBe(missing.message.replace(`#${app.id + 1000}`, "X"));
    expect(deletions(provider)).toEqual([]);
    expect(await keyIdsOf(rt)).toEqual([created.keyId]);
    expect(await auditOf(rt, "secret.deleted")).toEqual([]);
  });

  it("lets neither a viewer nor an administrator without a manager grant delete, and an administrator with one does", async () => {
    const provider = new RecordingProvider();
    rt = await testRuntime({ provider, env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    const app = await applicationNamed(rt, APP);
    const created = await createClientSecret(await rt.as(MANAGER), { application: APP });
    const input = { applicationId: app.id, keyId: created.keyId };

    const viewer = await refusal(async () => deleteClientSecret(await rt.as(VIEWER), input));
    expect(viewer.code).toBe("FORBIDDEN");
    expect(viewer.message).toContain(`Ask ${MANAGER}`);
    const admin = await refusal(async () => deleteClientSecret(await rt.as(ROOT), input));
    expect(admin.code).toBe("FORBIDDEN");
    expect(admin.message).toContain(`You are an administrator of ${APP}`);
    expect(await codeOf(() => deleteClientSecret(rt.operator, input))).toBe("FORBIDDEN");
    expect(deletions(provider)).toEqual([]);
    expect(await keyIdsOf(rt)).toEqual([created.keyId]);

    await grantAccess(rt.operator, { email: ROOT, target: { kind: "application", ref: APP }, role: "manager" });
    expect((await deleteClientSecret(await rt.as(ROOT), input))?.secret.keyId).toBe(created.keyId);
    expect((await auditOf(rt, "secret.deleted")).map((e) => e.actor)).toEqual([ROOT]);
  });

  it("answers null for a secret already deleted, without asking the provider again", async () => {
    const provider = new RecordingProvider();
    rt = await testRuntime({ provider });
    await seedPartner(rt.operator);
    const app = await applicationNamed(rt, APP);
    const ann = await rt.as(MANAGER);
    const created = await createClientSecret(ann, { application: APP });
    await deleteClientSecret(ann, { applicationId: app.id, keyId: created.keyId });
    expect(await deleteClientSecret(ann, { applicationId: app.id, keyId: created.keyId })).toBeNull();
    expect(deletions(provider)).toHaveLength(1);
    expect(await auditOf(rt, "secret.deleted")).toHaveLength(1);
  });

  it("changes nothing when the provider is not answering", async () => {
    const provider = new RecordingProvider();
    rt = await testRuntime({ provider });
    await seedPartner(rt.operator);
    const app = await applicationNamed(rt, APP);
    const ann = await rt.as(MANAGER);
    const created = await createClientSecret(ann, { application: APP });
    provider.isDown = true;
    expect(await codeOf(() => deleteClientSecret(ann, { applicationId: app.id, keyId: created.keyId }))).toBe(
      "PROVIDER_UNAVAILABLE",
    );
    expect(await keyIdsOf(rt)).toEqual([created.keyId]);
    expect(await auditOf(rt, "secret.deleted")).toEqual([]);
  });

  it("refuses to delete a certificate, which the bot never deletes", async () => {
    const provider = new RecordingProvider();
    rt = await testRuntime({ provider });
    await seedPartner(rt.operator);
    const app = await applicationNamed(rt, APP);
    const keyId = "c0ffee00-0000-4000-8000-000000000001";
    await insertCredential(rt, app.id, {
      keyId,
      kind: "certificate",
      isExternal: true,
      expiresAt: new Date(rt.clock.now().getTime() + 90 * DAY),
    });
    const error = await refusal(async () => deleteClientSecret(await rt.as(MANAGER), { applicationId: app.id, keyId }));
    expect(error.code).toBe("VALIDATION");
    expect(error.message).toContain(`That is a certificate of ${APP}`);
    expect(deletions(provider)).toEqual([]);
    expect(await keyIdsOf(rt)).toEqual([keyId]);
  });

  it("follows what the provider changed along with the deletion, in the same transaction", async () => {
    const provider = new RegeneratingProvider();
    rt = await testRuntime({ provider });
    await seedPartner(rt.operator);
    const app = await applicationNamed(rt, APP);
    const ann = await rt.as(MANAGER);
    const previous = await createClientSecret(ann, { application: APP, displayName: "Previous" });
    const current = await createClientSecret(ann, { application: APP, displayName: "Current" });
    const regenerated: ProviderSecret = {
      keyId: "f0110000-0000-4000-8000-000000000002",
      hint: "new",
      displayName: "Regenerated",
      createdAt: rt.clock.now(),
      expiresAt: new Date(rt.clock.now().getTime() + 365 * DAY),
    };
    // Deleting the current secret makes the provider generate a new one and end the previous one.
    provider.remaining = [regenerated];
    await deleteClientSecret(ann, { applicationId: app.id, keyId: current.keyId });

    const rows = await rt.db.select().from(rt.db.t.clientSecrets);
    expect(rows.map((r) => [r.keyId, r.isExternal, r.hash, r.createdBy])).toEqual([
      [regenerated.keyId, true, null, null],
    ]);
    const audit = await auditOf(rt);
    expect(audit.slice(-3).map((e) => [e.action, e.actor, e.detail.keyId])).toEqual([
      ["secret.deleted", MANAGER, current.keyId],
      ["secret.external_added", MANAGER, regenerated.keyId],
      ["secret.ended", MANAGER, previous.keyId],
    ]);
  });
});

describe("withdrawing a secret nobody saw", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("deletes it in the database, audits it as withdrawn and logs it, never with its value", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const ann = await rt.as(MANAGER);
    const created = await createClientSecret(ann, { application: APP });
    const withdrawn = await withdrawUnseenSecret(ann, created);
    expect(withdrawn?.secret.keyId).toBe(created.keyId);
    expect(await keyIdsOf(rt)).toEqual([]);
    expect(await auditOf(rt, "secret.deleted")).toEqual([]);
    expect((await auditOf(rt, "secret.withdrawn")).map((e) => [e.actor, e.detail.keyId, e.detail.hint])).toEqual([
      [MANAGER, created.keyId, created.hint],
    ]);
    const warning = rt.logLines.find((line) => line.includes("so it was withdrawn"));
    expect(warning).toContain(created.keyId);
    expect(JSON.stringify(await auditOf(rt))).not.toContain(created.value);
    expect(rt.logLines.join("")).not.toContain(created.value);
  });

  it("takes it back at the provider too", async () => {
    const provider = new RecordingProvider();
    rt = await testRuntime({ provider });
    await seedPartner(rt.operator);
    const ann = await rt.as(MANAGER);
    const created = await createClientSecret(ann, { application: APP });
    await withdrawUnseenSecret(ann, created);
    expect(deletions(provider)).toEqual([{ method: "deleteSecret", clientId: created.clientId, keyId: created.keyId }]);
  });

  it("answers null when the application or the secret is already gone", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const ann = await rt.as(MANAGER);
    const created = await createClientSecret(ann, { application: APP });
    expect(await withdrawUnseenSecret(ann, { ...created, clientId: "no-such-client-id" })).toBeNull();
    expect(await keyIdsOf(rt)).toEqual([created.keyId]);
    await withdrawUnseenSecret(ann, created);
    expect(await withdrawUnseenSecret(ann, created)).toBeNull();
    expect(await auditOf(rt, "secret.withdrawn")).toHaveLength(1);
  });

  it("withdraws nothing for someone who does not manage the application", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const created = await createClientSecret(await rt.as(MANAGER), { application: APP });
    expect(await codeOf(async () => withdrawUnseenSecret(await rt.as(VIEWER), created))).toBe("FORBIDDEN");
    expect(await codeOf(async () => withdrawUnseenSecret(await rt.as(STRANGER), created))).toBe("NOT_FOUND");
    expect(await keyIdsOf(rt)).toEqual([created.keyId]);
    expect(await auditOf(rt, "secret.withdrawn")).toEqual([]);
  });
});
