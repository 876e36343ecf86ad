import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { errorText } from "../../../src/commands/chat-error.js";
import { ensurePerson } from "../../../src/people.js";
import { addApplication } from "../../../src/verbs/add-application.js";
import { addOrganisation } from "../../../src/verbs/add-organisation.js";
import { grantAccess, writeGrant } from "../../../src/verbs/grant-access.js";
import { listGrants } from "../../../src/verbs/list-grants.js";
import { resolveGrantTarget } from "../../../src/verbs/resolve-grant-target.js";
import { revokeAccess } from "../../../src/verbs/revoke-access.js";
import { showApplication } from "../../../src/verbs/show-application.js";
import { codeOf, refusal } from "../../helpers/errors.js";
import { applicationNamed, auditOf } from "../../helpers/rows.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, OTHER_APP, OTHER_MANAGER, seedPartner, VIEWER } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const ORG = "Partner NL";
const ROOT = "root@registry.org";
const ORG_MANAGER = "olga@partner-nl.org";
const BEA = "bea@partner-nl.org";
const DAY = 86_400_000;
const GRANT_AUDIT = ["grant.added", "grant.changed", "grant.revoked"];

/** The grants a person holds, straight from the table. */
async function grantRows(rt: TestRuntime, email: string) {
  const { accessGrants, people } = rt.db.t;
  const rows = await rt.db
    .select({ grant: accessGrants })
    .from(accessGrants)
    .innerJoin(people, eq(people.id, accessGrants.personId))
    .where(eq(people.email, email));
  return rows.map(({ grant }) => grant);
}

const grantAudit = async (rt: TestRuntime) => (await auditOf(rt)).filter((e) => GRANT_AUDIT.includes(e.action));

describe("granting access", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("grants a role on an application, audited, and names the application's managers", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const app = await applicationNamed(rt, APP);
    const outcome = await grantAccess(rt.operator, {
      email: " Bea@Partner-NL.org ",
      target: { kind: "either", ref: APP },
      role: "manager",
    });
    expect(outcome).toMatchObject({ email: BEA, role: "manager", change: "added", endsAt: null });
    expect(outcome.target).toMatchObject({ kind: "application", name: APP });
    expect(outcome.managers).toEqual([MANAGER, BEA].sort());
    expect(await grantRows(rt, BEA)).toEqual([
      expect.objectContaining({
        role: "manager",
        applicationId: app.id,
        organisationId: null,
        grantedBy: "operator:test",
        endsAt: null,
      }),
    ]);
    const [audit] = (await grantAudit(rt)).slice(-1);
    expect(audit).toMatchObject({
      action: "grant.added",
      actor: "operator:test",
      target: APP,
      applicationId: app.id,
      organisationId: app.organisationId,
      detail: { email: BEA, role: "manager", on: "application" },
    });
    expect((await showApplication(await rt.as(BEA), { application: APP })).access).toBe("manager");
  });

  it("grants a role on a whole organisation, covering its applications present and future", async () => {
    rt = await testRuntime();
    const { org } = await seedPartner(rt.operator);
    const outcome = await grantAccess(rt.operator, {
      email: BEA,
      target: { kind: "organisation", ref: "partner nl" },
      role: "viewer",
    });
    expect(outcome).toMatchObject({ change: "added", managers: null, target: { kind: "organisation", name: ORG } });
    expect((await grantAudit(rt)).slice(-1)).toEqual([
      expect.objectContaining({
        target: ORG,
        organisationId: org.id,
        applicationId: null,
        detail: { email: BEA, role: "viewer", on: "organisation" },
      }),
    ]);
    await addApplication(rt.operator, { name: "Partner-NL-Match", organisation: ORG });
    const bea = await rt.as(BEA);
    for (const application of [APP, "Partner-NL-Match"]) {
      expect((await showApplication(bea, { application })).access).toBe("viewer");
    }
  });

  it("changes a role, and reports a grant given again as unchanged without auditing it", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const grant = { email: VIEWER, target: { kind: "application" as const, ref: APP }, role: "manager" as const };
    expect((await grantAccess(rt.operator, grant)).change).toBe("changed");
    const audited = await grantAudit(rt);
    expect(audited.slice(-1)).toEqual([
      expect.objectContaining({
        action: "grant.changed",
        detail: { email: VIEWER, role: "manager", previousRole: "viewer", on: "application" },
      }),
    ]);
    expect((await grantAccess(rt.operator, grant)).change).toBe("unchanged");
    expect(await grantAudit(rt)).toEqual(audited);
    expect((await grantRows(rt, VIEWER)).map((g) => g.role)).toEqual(["manager"]);
  });

  it("makes a grant that ends by itself, and given again after its end adds it anew on the same row", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const grant = { email: BEA, target: { kind: "application" as const, ref: APP }, role: "viewer" as const };
    const endsAt = new Date(rt.clock.now().getTime() + 30 * DAY);
    expect((await grantAccess(rt.operator, { ...grant, days: 30 })).endsAt).toEqual(endsAt);
    expect((await grantAudit(rt)).at(-1)?.detail).toEqual({
      email: BEA,
      role: "viewer",
      on: "application",
      endsOn: endsAt.toISOString().slice(0, 10),
    });
    const { accessGrants } = rt.db.t;
    const [ending] = await grantRows(rt, BEA);
    await rt.db.transaction((tx) =>
      tx.update(accessGrants).set({ warnedAt: rt.clock.now() }).where(eq(accessGrants.id, ending!.id)),
    );

    rt.clock.advance(30 * DAY);
    expect(await codeOf(async () => showApplication(await rt.as(BEA), { application: APP }))).toBe("NOT_FOUND");
    const again = await grantAccess(rt.operator, grant);
    expect(again).toMatchObject({ change: "added", endsAt: null });
    expect(await grantRows(rt, BEA)).toEqual([
      expect.objectContaining({ role: "viewer", endsAt: null, warnedAt: null }),
    ]);
    expect((await grantAudit(rt)).at(-1)?.action).toBe("grant.added");
    expect((await showApplication(await rt.as(BEA), { application: APP })).access).toBe("viewer");
  });

  it("refuses anyone but an administrator, naming whom to ask", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    const before = await grantAudit(rt);
    const grant = { email: BEA, target: { kind: "application" as const, ref: APP }, role: "viewer" as const };
    for (const email of [MANAGER, VIEWER, BEA]) {
      const error = await refusal(async () => grantAccess(await rt.as(email), grant));
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toBe(
        `Only administrators can grant access. If you need this, ask an administrator (${ROOT}).`,
      );
    }
    expect(await grantRows(rt, BEA)).toEqual([]);
    expect(await grantAudit(rt)).toEqual(before);
  });

  it("refuses a bad e-mail address, a length out of range, an unknown or ambiguous target and an unknown role", async () => {
    rt = await testRuntime({ env: { GRANT_MAX_DAYS: "30" } });
    await seedPartner(rt.operator);
    await addOrganisation(rt.operator, { name: APP });
    const before = await grantAudit(rt);
    const grant = { email: BEA, target: { kind: "application" as const, ref: APP }, role: "viewer" as const };
    expect(await codeOf(() => grantAccess(rt.operator, { ...grant, email: "bea" }))).toBe("VALIDATION");
    expect(await codeOf(() => grantAccess(rt.operator, { ...grant, days: 0 }))).toBe("VALIDATION");
    const tooLong = await refusal(() => grantAccess(rt.operator, { ...grant, days: 31 }));
    expect(tooLong.code).toBe("VALIDATION");
    expect(tooLong.message).toBe('"31d" is not a grant length. Give a number of days from 1 to 30, like --for 30d.');
    expect(await codeOf(() => grantAccess(rt.operator, { ...grant, target: { kind: "either", ref: "Nope" } }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(() => grantAccess(rt.operator, { ...grant, target: { kind: "either", ref: APP } }))).toBe(
      "VALIDATION",
    );
    const badRole = await grantAccess(rt.operator, { ...grant, role: "owner" as "viewer" }).catch((e: unknown) => e);
    expect(errorText(badRole, rt.log)).toBe("❌ The role is manager or viewer.");
    expect(await grantRows(rt, BEA)).toEqual([]);
    expect(await grantAudit(rt)).toEqual(before);
  });
});

describe("writing a grant inside another change", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("writes the grant and its audit entry in the caller's transaction, with the caller's detail", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const person = await ensurePerson(rt.db, BEA);
    const target = await resolveGrantTarget(rt.db, { kind: "application", ref: APP }, "cli");
    const grant = { personId: person.id, email: BEA, target, role: "viewer" as const, endsAt: null };
    const before = await grantAudit(rt);

    const failed = rt.db.transaction(async (tx) => {
      await writeGrant(tx, rt.operator, grant, { request: 7 });
      throw new Error("the decision failed");
    });
    await expect(failed).rejects.toThrow("the decision failed");
    expect(await grantRows(rt, BEA)).toEqual([]);
    expect(await grantAudit(rt)).toEqual(before);

    expect(await rt.db.transaction((tx) => writeGrant(tx, rt.operator, grant, { request: 7 }))).toBe("added");
    expect((await grantAudit(rt)).at(-1)?.detail).toEqual({
      email: BEA,
      role: "viewer",
      on: "application",
      request: 7,
    });
    expect(await rt.db.transaction((tx) => writeGrant(tx, rt.operator, grant))).toBe("unchanged");

    const endsAt = new Date(rt.clock.now().getTime() + 7 * DAY);
    expect(await rt.db.transaction((tx) => writeGrant(tx, rt.operator, { ...grant, endsAt }))).toBe("changed");
    expect((await grantAudit(rt)).at(-1)?.detail).toEqual({
      email: BEA,
      role: "viewer",
      previousRole: "viewer",
      on: "application",
      endsOn: endsAt.toISOString().slice(0, 10),
    });
    expect(await grantRows(rt, BEA)).toEqual([expect.objectContaining({ endsAt })]);
  });
});

describe("revoking access", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("removes a grant with its audit entry, after which the person is answered as a stranger", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    const app = await applicationNamed(rt, APP);
    const outcome = await revokeAccess(rt.operator, { email: VIEWER, target: { kind: "application", ref: APP } });
    expect(outcome).toMatchObject({ email: VIEWER, isRevoked: true, target: { kind: "application", name: APP } });
    expect(await grantRows(rt, VIEWER)).toEqual([]);
    expect((await grantAudit(rt)).at(-1)).toMatchObject({
      action: "grant.revoked",
      actor: "operator:test",
      applicationId: app.id,
      detail: { email: VIEWER, role: "viewer", on: "application" },
    });
    expect(await codeOf(async () => showApplication(await rt.as(VIEWER), { application: APP }))).toBe("NOT_FOUND");
    // Only a manager's grant can leave an application short of managers.
    expect(rt.printed).toEqual([]);
  });

  it("tells the organisation's managers and the administrators when an application is left with fewer than two managers", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    await grantAccess(rt.operator, { email: ORG_MANAGER, target: { kind: "organisation", ref: ORG }, role: "manager" });
    await grantAccess(rt.operator, { email: BEA, target: { kind: "application", ref: APP }, role: "manager" });
    const target = { kind: "application" as const, ref: APP };

    await revokeAccess(rt.operator, { email: MANAGER, target });
    expect(rt.printed).toEqual([]);

    await revokeAccess(rt.operator, { email: BEA, target });
    const mail = rt.printed.join("");
    expect(mail.match(/Not sent \(SMTP_URL is not set\) — to: (\S+)/g)).toEqual([
      `Not sent (SMTP_URL is not set) — to: ${ORG_MANAGER}`,
      `Not sent (SMTP_URL is not set) — to: ${ROOT}`,
    ]);
    expect(mail).toContain(`Subject: ⚠️ ${APP} has 1 credential manager; at least 2 are recommended`);
    expect(mail).toContain(`because ${BEA}'s grant was revoked`);
  });

  it("answers that nothing was revoked for a person or a grant that does not exist", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const before = await grantAudit(rt);
    const unknown = await revokeAccess(rt.operator, {
      email: "nobody@partner-nl.org",
      target: { kind: "application", ref: APP },
    });
    expect(unknown.isRevoked).toBe(false);
    const noGrant = await revokeAccess(rt.operator, { email: VIEWER, target: { kind: "organisation", ref: ORG } });
    expect(noGrant.isRevoked).toBe(false);
    expect(await grantAudit(rt)).toEqual(before);
    expect((await showApplication(await rt.as(VIEWER), { application: APP })).access).toBe("viewer");
  });

  it("refuses anyone but an administrator, a bad e-mail address and an unknown target, revoking nothing", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    const before = await grantAudit(rt);
    const target = { kind: "application" as const, ref: APP };
    expect(await codeOf(async () => revokeAccess(await rt.as(MANAGER), { email: VIEWER, target }))).toBe("FORBIDDEN");
    expect(await codeOf(() => revokeAccess(rt.operator, { email: "vic", target }))).toBe("VALIDATION");
    expect(
      await codeOf(() => revokeAccess(rt.operator, { email: VIEWER, target: { kind: "either", ref: "Nope" } })),
    ).toBe("NOT_FOUND");
    expect(await grantRows(rt, VIEWER)).toHaveLength(1);
    expect(await grantAudit(rt)).toEqual(before);
  });
});

describe("listing grants", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("lists every grant in force with its end, leaving out ended ones", async () => {
    rt = await testRuntime();
    await seedPartner(rt.operator);
    await grantAccess(rt.operator, { email: ORG_MANAGER, target: { kind: "organisation", ref: ORG }, role: "manager" });
    await grantAccess(rt.operator, {
      email: BEA,
      target: { kind: "application", ref: APP },
      role: "viewer",
      days: 1,
    });
    const now = rt.clock.now();
    const common = { grantedBy: "operator:test", createdAt: now, endsAt: null };
    expect(await listGrants(rt.operator, {})).toEqual([
      { ...common, email: MANAGER, role: "manager", on: "application", target: APP },
      { ...common, email: BEA, role: "viewer", on: "application", target: APP, endsAt: new Date(now.getTime() + DAY) },
      { ...common, email: ORG_MANAGER, role: "manager", on: "organisation", target: ORG },
      { ...common, email: VIEWER, role: "viewer", on: "application", target: APP },
    ]);
    rt.clock.advance(DAY);
    expect((await listGrants(rt.operator, {})).map((g) => g.email)).toEqual([MANAGER, ORG_MANAGER, VIEWER]);
  });

  it("lists one application's grants with its organisation's, and one organisation's with its applications'", async () => {
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
    const other = await addApplication(rt.operator, { name: OTHER_APP, organisation: "Partner BE" });
    await grantAccess(rt.operator, {
      email: OTHER_MANAGER,
      target: { kind: "application", ref: OTHER_APP },
      role: "manager",
    });

    const emails = async (kind: "application" | "organisation" | "either", ref: string) =>
      (await listGrants(rt.operator, { target: { kind, ref } })).map((g) => g.email);
    expect(await emails("application", APP)).toEqual([MANAGER, ORG_MANAGER, VIEWER]);
    expect(await emails("organisation", ORG)).toEqual([MANAGER, "dan@partner-nl.org", ORG_MANAGER, VIEWER]);
    expect(await emails("either", other.clientId)).toEqual([OTHER_MANAGER]);
    expect(await emails("either", "Partner BE")).toEqual([OTHER_MANAGER]);
  });

  it("refuses anyone but an administrator, and an unknown target", async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    expect(await codeOf(async () => listGrants(await rt.as(MANAGER), {}))).toBe("FORBIDDEN");
    expect(await codeOf(async () => listGrants(await rt.as(MANAGER), { target: { kind: "either", ref: APP } }))).toBe(
      "FORBIDDEN",
    );
    expect((await listGrants(await rt.as(ROOT), {})).map((g) => g.email)).toEqual([MANAGER, VIEWER]);
    expect(await codeOf(() => listGrants(rt.operator, { target: { kind: "organisation", ref: "Nope" } }))).toBe(
      "NOT_FOUND",
    );
  });
});
