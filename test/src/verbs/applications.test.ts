import { afterEach, describe, expect, it } from "vitest";
import { errorText } from "../../../src/commands/chat-error.js";
import { addApplication } from "../../../src/verbs/add-application.js";
import { addOrganisation } from "../../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { listApplications } from "../../../src/verbs/list-applications.js";
import { listExpiringSecrets } from "../../../src/verbs/list-expiring-secrets.js";
import { showApplication } from "../../../src/verbs/show-application.js";
import { visibleApplications } from "../../../src/verbs/visible-applications.js";
import { codeOf } from "../../helpers/errors.js";
import { applicationNamed, insertCredential } from "../../helpers/rows.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, OTHER_APP, OTHER_MANAGER, STRANGER, seedPartner, VIEWER } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const MATCH = "Partner-NL-Match";
const ORG = "Partner NL";
const ROOT = "root@registry.org";
const ORG_MANAGER = "olga@partner-nl.org";
const DAY = 86_400_000;

/** Partner NL with two applications, Partner BE with one and its own manager. */
async function twoOrganisations(rt: TestRuntime) {
  await seedPartner(rt.operator);
  await addApplication(rt.operator, { name: MATCH, organisation: ORG });
  await addOrganisation(rt.operator, { name: "Partner BE" });
  await addApplication(rt.operator, { name: OTHER_APP, organisation: "Partner BE" });
  await grantAccess(rt.operator, {
    email: OTHER_MANAGER,
    target: { kind: "application", ref: OTHER_APP },
    role: "manager",
  });
}

describe("the applications a person may see", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  const seen = async (email: string) =>
    (await visibleApplications(await rt.as(email))).map((a) => [a.organisationName, a.name, a.access]);

  it("are those their grants reach, with the strongest access, by organisation and name, future ones included", async () => {
    rt = await testRuntime();
    await twoOrganisations(rt);
    const pat = "pat@partner-nl.org";
    await grantAccess(rt.operator, { email: pat, target: { kind: "organisation", ref: ORG }, role: "viewer" });
    await grantAccess(rt.operator, { email: pat, target: { kind: "application", ref: APP }, role: "manager" });
    expect(await seen(pat)).toEqual([
      [ORG, MATCH, "viewer"],
      [ORG, APP, "manager"],
    ]);
    await addApplication(rt.operator, { name: "Partner-NL-Archive", organisation: ORG });
    expect(await seen(pat)).toEqual([
      [ORG, "Partner-NL-Archive", "viewer"],
      [ORG, MATCH, "viewer"],
      [ORG, APP, "manager"],
    ]);
    expect(await seen(VIEWER)).toEqual([[ORG, APP, "viewer"]]);
  });

  it("are all of them for an administrator, and none for someone without a grant", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await twoOrganisations(rt);
    expect(await seen(ROOT)).toEqual([
      ["Partner BE", OTHER_APP, "administrator"],
      [ORG, MATCH, "administrator"],
      [ORG, APP, "administrator"],
    ]);
    expect(await visibleApplications(rt.operator)).toHaveLength(3);
    expect(await seen(STRANGER)).toEqual([]);
  });

  it("no longer include an application once a time-bound grant has ended", async () => {
    rt = await testRuntime();
    await twoOrganisations(rt);
    await grantAccess(rt.operator, {
      email: "tim@partner-nl.org",
      target: { kind: "application", ref: MATCH },
      role: "manager",
      days: 2,
    });
    rt.clock.advance(2 * DAY - 1);
    expect(await seen("tim@partner-nl.org")).toEqual([[ORG, MATCH, "manager"]]);
    rt.clock.advance(1);
    expect(await seen("tim@partner-nl.org")).toEqual([]);
  });
});

describe("listing a person's applications", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("counts each application's unexpired, active secrets and gives the nearest expiry of anything that stops it", async () => {
    rt = await testRuntime();
    await twoOrganisations(rt);
    await grantAccess(rt.operator, { email: MANAGER, target: { kind: "application", ref: MATCH }, role: "viewer" });
    const ann = await rt.as(MANAGER);
    const soon = await createClientSecret(ann, { application: APP, expires: "5d" });
    await createClientSecret(ann, { application: APP, expires: "90d" });
    await createClientSecret(ann, { application: APP });
    const app = await applicationNamed(rt, APP);
    const inDays = (days: number) => new Date(rt.clock.now().getTime() + days * DAY);
    const certificateEnds = inDays(10);
    await insertCredential(rt, app.id, { keyId: "cert-1", kind: "certificate", expiresAt: certificateEnds });
    await insertCredential(rt, app.id, {
      keyId: "off-in-console",
      expiresAt: inDays(2),
      deactivatedAt: rt.clock.now(),
      deactivatedBy: "provider",
    });
    await insertCredential(rt, app.id, { keyId: "expired", expiresAt: inDays(-1) });

    const summary = async () =>
      (await listApplications(ann)).map((a) => [a.name, a.access, a.activeSecrets, a.nearestExpiry]);
    expect(await summary()).toEqual([
      [MATCH, "viewer", 0, null],
      [APP, "manager", 3, soon.expiresAt],
    ]);
    rt.clock.advance(6 * DAY);
    expect(await summary()).toEqual([
      [MATCH, "viewer", 0, null],
      [APP, "manager", 2, certificateEnds],
    ]);
    expect(await listApplications(await rt.as(STRANGER))).toEqual([]);
  });
});

describe("showing one application", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("shows a manager its clientId, managers, grants, and every secret soonest first with certificates apart, never a hash or value", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    await grantAccess(rt.operator, { email: ORG_MANAGER, target: { kind: "organisation", ref: ORG }, role: "manager" });
    await grantAccess(rt.operator, {
      email: "bea@partner-nl.org",
      target: { kind: "application", ref: APP },
      role: "viewer",
      days: 7,
    });
    const ann = await rt.as(MANAGER);
    const later = await createClientSecret(ann, { application: APP, displayName: "Later", expires: "200d" });
    const sooner = await createClientSecret(ann, { application: APP, displayName: "Sooner", expires: "20d" });
    const app = await applicationNamed(rt, APP);
    const inDays = (days: number) => new Date(rt.clock.now().getTime() + days * DAY);
    await insertCredential(rt, app.id, {
      keyId: "portal-1",
      displayName: "From the portal",
      isExternal: true,
      expiresAt: inDays(50),
    });
    await insertCredential(rt, app.id, {
      keyId: "cert-1",
      kind: "certificate",
      isExternal: true,
      expiresAt: inDays(5),
    });

    const detail = await showApplication(ann, { application: APP });
    expect(detail.app.clientId).toBe(app.clientId);
    expect(detail.app.apis).toEqual(["search", "matching"]);
    expect(detail.organisationName).toBe(ORG);
    expect(detail.access).toBe("manager");
    expect(detail.managers).toEqual([MANAGER, ORG_MANAGER]);
    expect(detail.grants).toEqual([
      { email: MANAGER, role: "manager", endsAt: null },
      { email: "bea@partner-nl.org", role: "viewer", endsAt: inDays(7) },
      { email: ORG_MANAGER, role: "manager", endsAt: null },
      { email: VIEWER, role: "viewer", endsAt: null },
    ]);
    expect(detail.secrets.map((s) => [s.displayName, s.createdByEmail, s.isExternal])).toEqual([
      ["Sooner", MANAGER, false],
      ["From the portal", null, true],
      ["Later", MANAGER, false],
    ]);
    expect(detail.certificates.map((c) => c.keyId)).toEqual(["cert-1"]);
    for (const secret of detail.secrets) expect(secret).not.toHaveProperty("hash");
    const shown = JSON.stringify(detail);
    expect(shown).not.toContain(later.value);
    expect(shown).not.toContain(sooner.value);
  });

  it("shows a viewer the same secrets by clientId, and stops when a time-bound grant ends", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const created = await createClientSecret(await rt.as(MANAGER), { application: APP });
    const { clientId } = await applicationNamed(rt, APP);
    const viewer = await showApplication(await rt.as(VIEWER), { application: ` ${clientId} ` });
    expect(viewer.access).toBe("viewer");
    expect(viewer.secrets.map((s) => s.keyId)).toEqual([created.keyId]);

    await grantAccess(rt.operator, {
      email: VIEWER,
      target: { kind: "application", ref: APP },
      role: "viewer",
      days: 1,
    });
    rt.clock.advance(DAY);
    expect(await codeOf(async () => showApplication(await rt.as(VIEWER), { application: APP }))).toBe("NOT_FOUND");
  });

  it("asks which application when none is named", async () => {
    rt = await testRuntime();
    const error = await showApplication(rt.operator, { application: "  " }).catch((e: unknown) => e);
    expect(errorText(error, rt.log)).toBe("❌ Say which application (its name or clientId).");
  });
});

describe("listing expiring secrets", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  /** 26 November 2026, 10:00 UTC: secrets and certificates around the 1- and 30-day limits. */
  async function expiringRuntime() {
    rt = await testRuntime();
    await twoOrganisations(rt);
    const ann = await rt.as(MANAGER);
    for (const [displayName, expires] of [
      ["Tomorrow", "2026-11-27"],
      ["Day 30", "2026-12-26"],
      ["Day 31", "2026-12-27"],
      ["Next year", "365d"],
    ] as const) {
      await createClientSecret(ann, { application: APP, displayName, expires });
    }
    const app = await applicationNamed(rt, APP);
    await insertCredential(rt, app.id, {
      keyId: "expired",
      displayName: "Expired",
      expiresAt: new Date("2026-11-20T00:00:00Z"),
    });
    await insertCredential(rt, app.id, {
      keyId: "ended-by-bot",
      displayName: "Ended by the bot",
      expiresAt: new Date("2026-11-25T00:00:00Z"),
      deactivatedAt: new Date("2026-11-25T00:00:00Z"),
      deactivatedBy: "bot",
    });
    await insertCredential(rt, app.id, {
      keyId: "off-in-console",
      displayName: "Off in the console",
      expiresAt: new Date("2026-11-30T00:00:00Z"),
      deactivatedAt: rt.clock.now(),
      deactivatedBy: "provider",
    });
    await insertCredential(rt, app.id, {
      keyId: "cert-1",
      displayName: "Certificate",
      kind: "certificate",
      expiresAt: new Date("2026-12-01T00:00:00Z"),
    });
    await createClientSecret(await rt.as(OTHER_MANAGER), { application: OTHER_APP, expires: "2026-11-27" });
    return ann;
  }

  const listed = async (ctx: Awaited<ReturnType<typeof expiringRuntime>>, days?: number) =>
    (await listExpiringSecrets(ctx, days === undefined ? {} : { days })).map((s) => [
      s.app.name,
      s.displayName,
      s.kind,
      s.hasSuccessor,
    ]);

  it("lists secrets and certificates expiring within 30 days, through the end of the last day, expired ones first", async () => {
    const ann = await expiringRuntime();
    expect(await listed(ann)).toEqual([
      [APP, "Expired", "secret", true],
      [APP, "Ended by the bot", "secret", true],
      [APP, "Tomorrow", "secret", true],
      [APP, "Certificate", "certificate", false],
      [APP, "Day 30", "secret", true],
    ]);
    expect((await listed(ann, 1)).map((s) => s[1])).toEqual(["Expired", "Ended by the bot", "Tomorrow"]);
    expect((await listed(ann, 400)).at(-1)).toEqual([APP, "Next year", "secret", false]);
  });

  it("lists nothing of applications the person cannot see", async () => {
    const ann = await expiringRuntime();
    expect((await listed(ann, 400)).every(([app]) => app === APP)).toBe(true);
    expect(await listed(await rt.as(OTHER_MANAGER), 1)).toEqual([[OTHER_APP, "Secret by bob", "secret", false]]);
    expect(await listed(await rt.as(STRANGER), 400)).toEqual([]);
  });

  it("refuses days that are not a whole number from 1 to 3650", async () => {
    const ann = await expiringRuntime();
    for (const days of [0, 3651, 2.5]) {
      const error = await listExpiringSecrets(ann, { days }).catch((e: unknown) => e);
      expect(errorText(error, rt.log)).toBe("❌ Days are a whole number from 1 to 3650.");
    }
  });
});
