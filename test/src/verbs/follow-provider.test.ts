import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Ctx, withActor } from "../../../src/context.js";
import { type ApplicationRow, systemActor } from "../../../src/people.js";
import type { ProviderSecret } from "../../../src/ports/secret-provider.js";
import { type FollowOptions, followProvider } from "../../../src/verbs/follow-provider.js";
import { forgetExternalSecret, recordExternalSecret } from "../../../src/verbs/record-external-secret.js";
import { applicationNamed, auditOf, insertCredential } from "../../helpers/rows.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { seedPartner } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const DAY = 86_400_000;
const T0 = new Date("2026-11-26T10:00:00.000Z").getTime();
const at = (days: number, ms = 0) => new Date(T0 + days * DAY + ms);
const ymd = (date: Date) => date.toISOString().slice(0, 10);

/** A credential as a provider lists it. */
const remote = (keyId: string, fields: Partial<ProviderSecret> = {}): ProviderSecret => ({
  keyId,
  hint: keyId.slice(0, 3),
  displayName: `Credential ${keyId}`,
  createdAt: at(0),
  expiresAt: at(30),
  ...fields,
});

/** Runtime, seeded, clock at T0, acting as the bot itself (as the sync does). */
async function syncRuntime(): Promise<{ rt: TestRuntime; bot: Ctx; app: ApplicationRow }> {
  const rt = await testRuntime();
  rt.clock.set(new Date(T0));
  await seedPartner(rt.operator);
  return { rt, bot: withActor(rt, systemActor()), app: await applicationNamed(rt, APP) };
}

const rowsOf = async (rt: TestRuntime) => {
  const rows = await rt.db.select().from(rt.db.t.clientSecrets);
  return new Map(rows.map((r) => [r.keyId, r]));
};

describe("recording a credential found at the provider", () => {
  let rt: TestRuntime;
  let bot: Ctx;
  let app: ApplicationRow;
  beforeEach(async () => {
    ({ rt, bot, app } = await syncRuntime());
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  it("records it as external, with no creator and no hash, audited once however often it is found", async () => {
    const found = remote("portal-1", { displayName: "Made in the portal", createdAt: at(-3), expiresAt: at(100) });
    rt.clock.advance(60_000);
    const id = await rt.db.transaction((tx) => recordExternalSecret(tx, bot, app, found, rt.clock.now()));
    expect(await rt.db.transaction((tx) => recordExternalSecret(tx, bot, app, found, rt.clock.now()))).toBeNull();
    expect((await rowsOf(rt)).get("portal-1")).toMatchObject({
      id,
      applicationId: app.id,
      displayName: "Made in the portal",
      hint: "por",
      hash: null,
      createdBy: null,
      createdAt: at(-3),
      expiresAt: at(100),
      isExternal: true,
      kind: "secret",
      deactivatedAt: null,
    });
    expect(
      (await auditOf(rt, "secret.external_added")).map((e) => [e.actor, e.target, e.applicationId, e.detail]),
    ).toEqual([
      [
        "system",
        APP,
        app.id,
        { keyId: "portal-1", hint: "por", displayName: "Made in the portal", expiresOn: ymd(at(100)) },
      ],
    ]);
  });

  it("records a certificate as one, and one found deactivated as deactivated by the provider", async () => {
    await rt.db.transaction(async (tx) => {
      await recordExternalSecret(
        tx,
        bot,
        app,
        remote("cert-1", { kind: "certificate", createdAt: null }),
        rt.clock.now(),
      );
      await recordExternalSecret(tx, bot, app, remote("off-1", { isActive: false }), rt.clock.now());
    });
    const rows = await rowsOf(rt);
    expect(rows.get("cert-1")).toMatchObject({ kind: "certificate", createdAt: at(0), deactivatedAt: null });
    expect(rows.get("off-1")).toMatchObject({ kind: "secret", deactivatedAt: at(0), deactivatedBy: "provider" });
    expect((await auditOf(rt, "secret.external_added")).map((e) => e.detail.kind)).toEqual(["certificate", undefined]);
  });

  it("writes neither the row nor its audit entry when the caller's transaction rolls back", async () => {
    const work = rt.db.transaction(async (tx) => {
      await recordExternalSecret(tx, bot, app, remote("portal-2"), rt.clock.now());
      throw new Error("the rest of the sync failed");
    });
    await expect(work).rejects.toThrow("the rest of the sync failed");
    expect(await rowsOf(rt)).toEqual(new Map());
    expect(await auditOf(rt, "secret.external_added")).toEqual([]);
  });
});

describe("forgetting a credential gone at the provider", () => {
  let rt: TestRuntime;
  let bot: Ctx;
  let app: ApplicationRow;
  beforeEach(async () => {
    ({ rt, bot, app } = await syncRuntime());
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  it("removes its row with its audit entry, as removed outside the bot or as ended along with the bot's change", async () => {
    await insertCredential(rt, app.id, { keyId: "gone-1", hint: "gon", expiresAt: at(30) });
    await insertCredential(rt, app.id, { keyId: "ended-1", hint: "end", expiresAt: at(40) });
    await insertCredential(rt, app.id, { keyId: "stays-1", hint: "sta", expiresAt: at(50) });
    await rt.db.transaction(async (tx) => {
      await forgetExternalSecret(tx, bot, app, remote("gone-1", { hint: "gon" }));
      await forgetExternalSecret(tx, bot, app, remote("ended-1", { hint: "end", expiresAt: at(40) }), "secret.ended");
    });
    expect([...(await rowsOf(rt)).keys()]).toEqual(["stays-1"]);
    const audit = (await auditOf(rt)).filter(
      (e) => e.action === "secret.external_removed" || e.action === "secret.ended",
    );
    expect(audit.map((e) => [e.action, e.detail])).toEqual([
      [
        "secret.external_removed",
        { keyId: "gone-1", hint: "gon", displayName: "Credential gone-1", expiresOn: ymd(at(30)) },
      ],
      ["secret.ended", { keyId: "ended-1", hint: "end", displayName: "Credential ended-1", expiresOn: ymd(at(40)) }],
    ]);
  });
});

describe("following what the provider holds", () => {
  let rt: TestRuntime;
  let bot: Ctx;
  let app: ApplicationRow;
  beforeEach(async () => {
    ({ rt, bot, app } = await syncRuntime());
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  const follow = (list: ProviderSecret[], options: Partial<FollowOptions> = {}) =>
    rt.db.transaction((tx) =>
      followProvider(tx, bot, app, list, {
        now: rt.clock.now(),
        settledBefore: null,
        removedAction: "secret.external_removed",
        ...options,
      }),
    );
  const entry = (keyId: string, hint = keyId.slice(0, 3)) => ({
    application: APP,
    keyId,
    hint,
    displayName: `Credential ${keyId}`,
  });

  it("records new credentials, removes gone ones and follows a changed expiry, each audited", async () => {
    await insertCredential(rt, app.id, { keyId: "kept", hint: "kep", expiresAt: at(30) });
    await insertCredential(rt, app.id, { keyId: "gone", hint: "gon", expiresAt: at(60) });
    rt.clock.advance(60_000);
    const followed = await follow([remote("kept", { expiresAt: at(10) }), remote("found", { createdAt: null })]);
    expect(followed).toEqual({ added: [entry("found")], removed: [entry("gone")], deactivated: [], reactivated: [] });

    const rows = await rowsOf(rt);
    expect([...rows.keys()].sort()).toEqual(["found", "kept"]);
    expect(rows.get("kept")?.expiresAt).toEqual(at(10));
    expect(rows.get("found")).toMatchObject({ isExternal: true, createdAt: at(0, 60_000) });
    const audit = (await auditOf(rt)).filter((e) => e.action.startsWith("secret."));
    expect(audit.map((e) => [e.action, e.actor, e.detail.keyId])).toEqual([
      ["secret.expiry_changed", "system", "kept"],
      ["secret.external_added", "system", "found"],
      ["secret.external_removed", "system", "gone"],
    ]);
    expect(audit[0]?.detail).toMatchObject({ expiresOn: ymd(at(10)), previousExpiresOn: ymd(at(30)) });
  });

  it("ignores expiry differences under a second and expiries the provider did not set", async () => {
    await insertCredential(rt, app.id, { keyId: "close", hint: "clo", expiresAt: at(30) });
    await insertCredential(rt, app.id, { keyId: "default", hint: "def", expiresAt: at(30) });
    const before = await auditOf(rt);
    const followed = await follow([
      remote("close", { expiresAt: at(30, 999) }),
      remote("default", { expiresAt: at(365), isExpirySetByProvider: false }),
    ]);
    expect(followed).toEqual({ added: [], removed: [], deactivated: [], reactivated: [] });
    const rows = await rowsOf(rt);
    expect(rows.get("close")?.expiresAt).toEqual(at(30));
    expect(rows.get("default")?.expiresAt).toEqual(at(30));
    expect(await auditOf(rt)).toEqual(before);
  });

  it("follows a secret deactivated in the provider's console, and activated there again whoever deactivated it", async () => {
    await insertCredential(rt, app.id, { keyId: "okta-1", hint: "okt", expiresAt: at(30) });
    await insertCredential(rt, app.id, {
      keyId: "bot-off",
      hint: "bot",
      expiresAt: at(-1),
      deactivatedAt: at(-1),
      deactivatedBy: "bot",
    });
    rt.clock.advance(60_000);
    const off = await follow([remote("okta-1", { isActive: false }), remote("bot-off", { expiresAt: at(-1) })]);
    expect(off).toEqual({ added: [], removed: [], deactivated: [entry("okta-1")], reactivated: [] });
    expect((await rowsOf(rt)).get("okta-1")).toMatchObject({ deactivatedAt: at(0, 60_000), deactivatedBy: "provider" });

    rt.clock.advance(60_000);
    const on = await follow([
      remote("okta-1", { isActive: true }),
      remote("bot-off", { expiresAt: at(-1), isActive: true }),
    ]);
    expect(on.reactivated).toEqual([entry("okta-1"), entry("bot-off")]);
    const rows = await rowsOf(rt);
    expect(rows.get("okta-1")).toMatchObject({ deactivatedAt: null, deactivatedBy: null });
    expect(rows.get("bot-off")).toMatchObject({ deactivatedAt: null, deactivatedBy: null });
    expect(
      (await auditOf(rt)).filter((e) => e.action.startsWith("secret.")).map((e) => [e.action, e.detail.keyId]),
    ).toEqual([
      ["secret.external_deactivated", "okta-1"],
      ["secret.external_reactivated", "okta-1"],
      ["secret.external_reactivated", "bot-off"],
    ]);
  });

  it("leaves alone what is newer than the grace and what the caller handles itself, and audits removals as asked", async () => {
    await insertCredential(rt, app.id, { keyId: "old", hint: "old", expiresAt: at(30) });
    await insertCredential(rt, app.id, { keyId: "handled", hint: "han", expiresAt: at(30) });
    rt.clock.advance(5 * 60_000);
    await insertCredential(rt, app.id, { keyId: "fresh", hint: "fre", expiresAt: at(30) });
    const followed = await follow(
      [
        remote("portal", { createdAt: at(0) }),
        remote("in-flight", { createdAt: at(0, 5 * 60_000) }),
        remote("just-made", { createdAt: at(0) }),
      ],
      { settledBefore: T0 + 60_000, except: ["handled", "just-made"], removedAction: "secret.ended" },
    );
    expect(followed).toEqual({ added: [entry("portal")], removed: [entry("old")], deactivated: [], reactivated: [] });
    expect([...(await rowsOf(rt)).keys()].sort()).toEqual(["fresh", "handled", "portal"]);
    expect(
      (await auditOf(rt)).filter((e) => e.action.startsWith("secret.")).map((e) => [e.action, e.detail.keyId]),
    ).toEqual([
      ["secret.external_added", "portal"],
      ["secret.ended", "old"],
    ]);
  });
});
