import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderText } from "../../../../adapters/console/render-text.js";
import { AppError } from "../../../../src/errors.js";
import { importReport } from "../../../../src/messages/provider-sync.js";
import { addApplication } from "../../../../src/verbs/add-application.js";
import { addOrganisation } from "../../../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../../../src/verbs/create-client-secret.js";
import { importApplications } from "../../../../src/verbs/import-applications.js";
import { listExpiringSecrets } from "../../../../src/verbs/list-expiring-secrets.js";
import { showApplication } from "../../../../src/verbs/show-application.js";
import { syncClientSecrets, syncClientSecretsQuietly } from "../../../../src/verbs/sync-client-secrets.js";
import { codeOf } from "../../../helpers/errors.js";
import { testRuntime } from "../../../helpers/runtime.js";
import { MANAGER } from "../../../helpers/seed.js";
import { APP, entraTestbed, seedEntraPartner, type Testbed } from "./entra-testbed.js";

const DAY = 86_400_000;
const PARTNERS = "startswith(displayName,'Partner-NL-')";

const auditActions = async (bed: Testbed) =>
  (await bed.rt.db.select().from(bed.rt.db.t.auditEntries)).map((e) => `${e.actor} ${e.action} ${e.target}`);

describe("importing app registrations from Entra", () => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await entraTestbed();
    await addOrganisation(bed.rt.operator, { name: "Partner NL" });
  });
  afterEach(async () => {
    await bed.close();
  });

  it("registers the app registrations a filter matches, with their secrets marked as created outside the bot", async () => {
    const search = bed.graph.addApplication("Partner-NL-Search");
    const start = new Date("2026-03-01T09:00:00.000Z");
    const end = new Date("2027-03-01T09:00:00.000Z");
    const portal = bed.graph.directory.addCredential(search, { displayName: "From the portal", start, end });
    const reporting = bed.graph.addApplication("Partner-NL- Reporting 'old'");
    bed.graph.addApplication("Other-Org-App");

    const outcome = await importApplications(bed.rt.operator, { organisation: "partner nl", filter: PARTNERS });

    expect(bed.graph.graphRequests().map((r) => [r.method, r.path, r.query])).toEqual([
      [
        "GET",
        "/v1.0/applications",
        { $filter: PARTNERS, $select: "id,appId,displayName,passwordCredentials,keyCredentials" },
      ],
    ]);
    expect(outcome).toEqual({
      organisation: "Partner NL",
      added: [
        { name: "Partner-NL--Reporting-old", clientId: reporting.appId, secrets: 0 },
        { name: "Partner-NL-Search", clientId: search.appId, secrets: 1 },
      ],
      skipped: [],
    });
    const apps = await bed.rt.db.select().from(bed.rt.db.t.applications);
    expect(apps.map((a) => [a.name, a.clientId, a.providerRef, a.provider])).toEqual([
      ["Partner-NL--Reporting-old", reporting.appId, reporting.id, "entra"],
      ["Partner-NL-Search", search.appId, search.id, "entra"],
    ]);
    expect(await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).toEqual([
      expect.objectContaining({
        keyId: portal.keyId,
        hint: portal.hint,
        displayName: "From the portal",
        createdAt: start,
        expiresAt: end,
        createdBy: null,
        hash: null,
        isExternal: true,
      }),
    ]);
    expect((await auditActions(bed)).filter((a) => !a.includes("organisation.added"))).toEqual([
      "operator:test application.imported Partner-NL--Reporting-old",
      "operator:test application.imported Partner-NL-Search",
      "operator:test secret.external_added Partner-NL-Search",
    ]);
  });

  it("skips an app registration whose name another application already has, and says so", async () => {
    await addApplication(bed.rt.operator, { name: "Partner-NL-Search", organisation: "Partner NL" });
    const clash = bed.graph.addApplication("partner-nl-search");
    const matching = bed.graph.addApplication("Partner-NL-Matching");
    const outcome = await importApplications(bed.rt.operator, { organisation: "Partner NL" });
    expect(outcome.added).toEqual([{ name: "Partner-NL-Matching", clientId: matching.appId, secrets: 0 }]);
    expect(outcome.skipped).toEqual([{ name: "partner-nl-search", clientId: clash.appId, reason: "name_taken" }]);
    expect(renderText(importReport(outcome))).toContain(
      `skipped partner-nl-search ${clash.appId}: another application has this name`,
    );
  });

  it("reports an app registration that is already registered as such and leaves it alone", async () => {
    const search = bed.graph.addApplication("Partner-NL-Search");
    await importApplications(bed.rt.operator, { organisation: "Partner NL", filter: PARTNERS });
    bed.graph.directory.addCredential(search, {
      displayName: "Later",
      start: bed.clock.now(),
      end: new Date("2027-01-01"),
    });
    const again = await importApplications(bed.rt.operator, { organisation: "Partner NL", filter: PARTNERS });
    expect(again).toEqual({
      organisation: "Partner NL",
      added: [],
      skipped: [{ name: "Partner-NL-Search", clientId: search.appId, reason: "registered" }],
    });
    expect(await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).toEqual([]);
  });

  it("changes nothing when Graph is down, and asks nothing of Graph for an unknown organisation or a non-administrator", async () => {
    bed.graph.addApplication("Partner-NL-Search");
    bed.graph.isDown = true;
    expect(await codeOf(async () => importApplications(bed.rt.operator, { organisation: "Partner NL" }))).toBe(
      "PROVIDER_UNAVAILABLE",
    );
    expect(await bed.rt.db.select().from(bed.rt.db.t.applications)).toEqual([]);
    const asked = bed.graph.requests.length;
    expect(await codeOf(async () => importApplications(bed.rt.operator, { organisation: "Nobody" }))).toBe("NOT_FOUND");
    expect(await codeOf(async () => importApplications(await bed.rt.as(MANAGER), { organisation: "Partner NL" }))).toBe(
      "FORBIDDEN",
    );
    expect(bed.graph.requests).toHaveLength(asked);
  });

  it("is refused with a clear message when the provider is the built-in one", async () => {
    const rt = await testRuntime();
    try {
      await addOrganisation(rt.operator, { name: "Partner NL" });
      const error = await importApplications(rt.operator, { organisation: "Partner NL" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toContain("This needs SECRET_PROVIDER=entra, keycloak or okta.");
      expect(await syncClientSecretsQuietly(rt)).toBeNull();
    } finally {
      await rt.cleanup();
    }
  });
});

describe("syncing secrets with Entra", () => {
  let bed: Testbed;
  beforeEach(async () => {
    bed = await entraTestbed();
  });
  afterEach(async () => {
    await bed.close();
  });

  it("records a secret added in the portal and forgets one deleted there, with audit entries, so show is truthful", async () => {
    const [registration] = await seedEntraPartner(bed);
    const ours = await createClientSecret(await bed.rt.as(MANAGER), { application: APP, displayName: "Ours" });
    const kept = await createClientSecret(await bed.rt.as(MANAGER), { application: APP, displayName: "Kept" });
    bed.clock.advance(10 * 60_000);
    const start = new Date(bed.clock.now().getTime() - 60 * 60_000);
    const portal = bed.graph.directory.addCredential(registration!, {
      displayName: "Made in the portal",
      start,
      end: new Date(bed.clock.now().getTime() + 20 * DAY),
    });
    bed.graph.directory.removePassword(registration!, ours.keyId);

    const outcome = await syncClientSecrets(bed.rt.operator);

    expect(outcome).toEqual({
      provider: "Microsoft Entra",
      applications: 1,
      added: [{ application: APP, keyId: portal.keyId, hint: portal.hint, displayName: "Made in the portal" }],
      removed: [{ application: APP, keyId: ours.keyId, hint: ours.hint, displayName: "Ours" }],
      deactivated: [],
      reactivated: [],
      missing: [],
      usage: "read",
    });
    const shown = (await showApplication(await bed.rt.as(MANAGER), { application: APP })).secrets;
    expect(shown.map((s) => [s.keyId, s.displayName, s.isExternal])).toEqual([
      [portal.keyId, "Made in the portal", true],
      [kept.keyId, "Kept", false],
    ]);
    expect(shown[0]?.createdAt).toEqual(start);
    expect((await listExpiringSecrets(await bed.rt.as(MANAGER), { days: 30 })).map((s) => s.keyId)).toEqual([
      portal.keyId,
    ]);
    expect((await auditActions(bed)).slice(-2)).toEqual([
      `operator:test secret.external_added ${APP}`,
      `operator:test secret.external_removed ${APP}`,
    ]);
    expect(bed.graph.graphRequests().at(-1)).toMatchObject({
      method: "GET",
      path: `/v1.0/applications(appId='${registration!.appId}')`,
      query: { $select: "id,appId,displayName,passwordCredentials,keyCredentials" },
      authorization: `Bearer ${bed.graph.issuedTokens[0]}`,
    });

    const again = await syncClientSecrets(bed.rt.operator);
    expect([again.added, again.removed]).toEqual([[], []]);
  });

  it("leaves secrets younger than two minutes for the next sync, so a create in flight is never mistaken", async () => {
    const [registration] = await seedEntraPartner(bed);
    const fresh = bed.graph.directory.addCredential(registration!, {
      displayName: "Just made",
      start: bed.clock.now(),
      end: new Date(bed.clock.now().getTime() + 90 * DAY),
    });
    const ours = await createClientSecret(await bed.rt.as(MANAGER), { application: APP });
    bed.graph.directory.removePassword(registration!, ours.keyId);
    const early = await syncClientSecrets(bed.rt.operator);
    expect([early.added, early.removed]).toEqual([[], []]);

    bed.clock.advance(3 * 60_000);
    const later = await syncClientSecrets(bed.rt.operator);
    expect(later.added.map((s) => s.keyId)).toEqual([fresh.keyId]);
    expect(later.removed.map((s) => s.keyId)).toEqual([ours.keyId]);
  });

  it("reports an application Entra no longer has, and leaves its secrets as they were", async () => {
    const [registration] = await seedEntraPartner(bed);
    await createClientSecret(await bed.rt.as(MANAGER), { application: APP });
    bed.clock.advance(10 * 60_000);
    bed.graph.directory.applications.splice(bed.graph.directory.applications.indexOf(registration!), 1);
    const outcome = await syncClientSecrets(bed.rt.operator);
    expect(outcome).toEqual({
      provider: "Microsoft Entra",
      applications: 1,
      added: [],
      removed: [],
      deactivated: [],
      reactivated: [],
      missing: [APP],
    });
    expect(await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).toHaveLength(1);
  });

  it("runs as the system before reminders and at start, and only warns when Graph is down", async () => {
    const [registration] = await seedEntraPartner(bed);
    const portal = bed.graph.directory.addCredential(registration!, {
      displayName: "Portal",
      start: new Date("2026-01-01T00:00:00Z"),
      end: new Date("2027-01-01T00:00:00Z"),
    });
    const outcome = await syncClientSecretsQuietly(bed.rt);
    expect(outcome?.added.map((s) => s.keyId)).toEqual([portal.keyId]);
    expect((await auditActions(bed)).at(-1)).toBe(`system secret.external_added ${APP}`);

    bed.graph.isDown = true;
    expect(await syncClientSecretsQuietly(bed.rt)).toBeNull();
    expect(bed.rt.logLines.join("")).toContain("could not sync secrets with the provider");
    expect(await codeOf(async () => syncClientSecrets(bed.rt.operator))).toBe("PROVIDER_UNAVAILABLE");
    expect(await codeOf(async () => syncClientSecrets(await bed.rt.as(MANAGER)))).toBe("FORBIDDEN");
    expect(await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).toHaveLength(1);
  });
});
