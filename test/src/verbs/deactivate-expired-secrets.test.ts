import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import { addApplication } from "../../../src/verbs/add-application.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { deactivateExpiredSecretsQuietly } from "../../../src/verbs/deactivate-expired-secrets.js";
import { ExpiryEnforcingProvider } from "../../fakes/expiry-enforcing-provider.js";
import { applicationNamed, auditOf, insertCredential } from "../../helpers/rows.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const DAY = 86_400_000;

const deactivations = (provider: ExpiryEnforcingProvider) =>
  provider.calls.filter((c) => c.method === "deactivateSecret").map((c) => c.keyId);

const rowsOf = async (rt: TestRuntime) => {
  const rows = await rt.db.select().from(rt.db.t.clientSecrets);
  return new Map(rows.map((r) => [r.keyId, r]));
};

describe("deactivating secrets that reached the expiry the bot set", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  async function enforcing() {
    const provider = new ExpiryEnforcingProvider();
    rt = await testRuntime({ provider });
    await seedPartner(rt.operator);
    return { provider, ann: await rt.as(MANAGER) };
  }

  it("deactivates each expired secret at the provider once, marks it and audits it", async () => {
    const { provider, ann } = await enforcing();
    const due = await createClientSecret(ann, { application: APP, displayName: "Due", expires: "5d" });
    const later = await createClientSecret(ann, { application: APP, expires: "60d" });
    rt.clock.advance(6 * DAY);

    expect(await deactivateExpiredSecretsQuietly(rt)).toEqual({
      deactivated: [{ application: APP, keyId: due.keyId, hint: due.hint }],
      gone: 0,
      failed: 0,
    });
    expect(deactivations(provider)).toEqual([due.keyId]);
    const rows = await rowsOf(rt);
    expect(rows.get(due.keyId)).toMatchObject({ deactivatedAt: rt.clock.now(), deactivatedBy: "bot" });
    expect(rows.get(later.keyId)).toMatchObject({ deactivatedAt: null, deactivatedBy: null });
    expect((await auditOf(rt, "secret.deactivated")).map((e) => [e.actor, e.target, e.detail])).toEqual([
      [
        "system",
        APP,
        {
          keyId: due.keyId,
          hint: due.hint,
          displayName: "Due",
          expiresOn: due.expiresAt.toISOString().slice(0, 10),
          reason: "reached the expiry the bot set",
        },
      ],
    ]);
    expect(JSON.stringify(await auditOf(rt))).not.toContain(due.value);

    rt.clock.advance(DAY);
    expect(await deactivateExpiredSecretsQuietly(rt)).toEqual({ deactivated: [], gone: 0, failed: 0 });
    expect(deactivations(provider)).toEqual([due.keyId]);
    expect(await auditOf(rt, "secret.deactivated")).toHaveLength(1);
  });

  it("removes the row of an expired secret the provider no longer has", async () => {
    const { provider, ann } = await enforcing();
    const lost = await createClientSecret(ann, { application: APP, expires: "5d" });
    provider.gone.add(lost.keyId);
    rt.clock.advance(6 * DAY);
    expect(await deactivateExpiredSecretsQuietly(rt)).toEqual({ deactivated: [], gone: 1, failed: 0 });
    expect(await rowsOf(rt)).toEqual(new Map());
    expect((await auditOf(rt, "secret.external_removed")).map((e) => [e.actor, e.detail.keyId])).toEqual([
      ["system", lost.keyId],
    ]);
    expect(await auditOf(rt, "secret.deactivated")).toEqual([]);
  });

  it("goes on past a secret the provider refuses, and tries that one again at the next pass", async () => {
    const { provider, ann } = await enforcing();
    const refused = await createClientSecret(ann, { application: APP, expires: "3d" });
    const other = await createClientSecret(ann, { application: APP, expires: "5d" });
    provider.refusals.set(refused.keyId, new AppError("CONFLICT", "The provider keeps the only secret."));
    rt.clock.advance(6 * DAY);

    expect(await deactivateExpiredSecretsQuietly(rt)).toEqual({
      deactivated: [{ application: APP, keyId: other.keyId, hint: other.hint }],
      gone: 0,
      failed: 1,
    });
    expect((await rowsOf(rt)).get(refused.keyId)?.deactivatedAt).toBeNull();
    expect(
      rt.logLines.some((l) => l.includes("could not deactivate an expired secret") && l.includes(refused.keyId)),
    ).toBe(true);

    provider.refusals.clear();
    rt.clock.advance(DAY);
    expect((await deactivateExpiredSecretsQuietly(rt))?.deactivated.map((d) => d.keyId)).toEqual([refused.keyId]);
    expect(deactivations(provider)).toEqual([refused.keyId, other.keyId, refused.keyId]);
  });

  it("stops at an outage without changing anything, warns, and the next pass catches up", async () => {
    const { provider, ann } = await enforcing();
    const due = await createClientSecret(ann, { application: APP, expires: "5d" });
    rt.clock.advance(6 * DAY);
    provider.isDown = true;

    expect(await deactivateExpiredSecretsQuietly(rt)).toBeNull();
    expect((await rowsOf(rt)).get(due.keyId)?.deactivatedAt).toBeNull();
    expect(await auditOf(rt, "secret.deactivated")).toEqual([]);
    expect(
      rt.logLines.some((l) => l.includes("could not deactivate expired secrets") && l.includes("PROVIDER_UNAVAILABLE")),
    ).toBe(true);

    provider.isDown = false;
    expect((await deactivateExpiredSecretsQuietly(rt))?.deactivated.map((d) => d.keyId)).toEqual([due.keyId]);
  });

  it("leaves certificates, secrets already deactivated and other providers' applications alone", async () => {
    const { provider } = await enforcing();
    const app = await applicationNamed(rt, APP);
    const past = new Date(rt.clock.now().getTime() - DAY);
    await insertCredential(rt, app.id, { keyId: "cert-expired", kind: "certificate", expiresAt: past });
    await insertCredential(rt, app.id, {
      keyId: "off-in-console",
      expiresAt: past,
      deactivatedAt: past,
      deactivatedBy: "provider",
    });
    const elsewhere = await addApplication(rt.operator, { name: "Partner-NL-Builtin", organisation: "Partner NL" });
    const { applications } = rt.db.t;
    await rt.db.transaction((tx) =>
      tx.update(applications).set({ provider: "builtin" }).where(eq(applications.id, elsewhere.id)),
    );
    await insertCredential(rt, elsewhere.id, { keyId: "builtin-expired", expiresAt: past });

    expect(await deactivateExpiredSecretsQuietly(rt)).toEqual({ deactivated: [], gone: 0, failed: 0 });
    expect(deactivations(provider)).toEqual([]);
    expect((await rowsOf(rt)).get("builtin-expired")?.deactivatedAt).toBeNull();
  });

  it("does nothing where the provider's secrets end at their expiry by themselves", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const due = await createClientSecret(await rt.as(MANAGER), { application: APP, expires: "5d" });
    rt.clock.advance(6 * DAY);
    expect(await deactivateExpiredSecretsQuietly(rt)).toEqual({ deactivated: [], gone: 0, failed: 0 });
    expect((await rowsOf(rt)).get(due.keyId)?.deactivatedAt).toBeNull();
    expect(await auditOf(rt, "secret.deactivated")).toEqual([]);
  });
});
