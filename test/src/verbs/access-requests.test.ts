import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { errorText } from "../../../src/commands/chat-error.js";
import { AppError } from "../../../src/errors.js";
import { decideAccessRequest, listOpenRequests } from "../../../src/verbs/decide-access-request.js";
import { findAccessRequest, findAccessRequests } from "../../../src/verbs/find-access-requests.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { requestAccess } from "../../../src/verbs/request-access.js";
import { showApplication } from "../../../src/verbs/show-application.js";
import { codeOf, refusal } from "../../helpers/errors.js";
import { auditOf } from "../../helpers/rows.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, STRANGER, seedPartner, VIEWER } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const ORG = "Partner NL";
const ROOT = "root@registry.org";
const ORG_MANAGER = "olga@partner-nl.org";
const DAY = 86_400_000;

/** Partner NL (seedPartner) with a manager of the whole organisation, and ROOT as administrator. */
async function partnerRuntime(): Promise<TestRuntime> {
  const rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
  await seedPartner(rt.operator);
  await grantAccess(rt.operator, { email: ORG_MANAGER, target: { kind: "organisation", ref: ORG }, role: "manager" });
  return rt;
}

/** The id of a request `email` made; fails the test when none was recorded. */
async function asked(rt: TestRuntime, email: string, target: string, role: "manager" | "viewer", days?: number) {
  const outcome = await requestAccess(await rt.as(email), { target, role, ...(days ? { days } : {}) });
  if (outcome.kind !== "recorded") throw new Error(`the request was not recorded: ${outcome.kind}`);
  return outcome.id;
}

async function requestRows(rt: TestRuntime) {
  return rt.db.select().from(rt.db.t.accessRequests);
}

/** The grants a person holds, as [role, application or organisation id, end]. */
async function grantsOfPerson(rt: TestRuntime, email: string) {
  const { accessGrants, people } = rt.db.t;
  const rows = await rt.db
    .select({ grant: accessGrants })
    .from(accessGrants)
    .innerJoin(people, eq(people.id, accessGrants.personId))
    .where(eq(people.email, email));
  return rows.map(({ grant }) => grant);
}

describe("requesting access", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await partnerRuntime();
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  it("records a request with its audit entry, and asking again updates the same open request", async () => {
    const sam = await rt.as(STRANGER);
    const first = await requestAccess(sam, { target: APP, role: "viewer", days: 30, reason: "on call this month" });
    expect(first).toMatchObject({ kind: "recorded", role: "viewer", days: 30, isUpdate: false });
    if (first.kind !== "recorded") throw new Error("not recorded");
    expect(first.name).toBe(APP);
    expect(await requestRows(rt)).toEqual([
      expect.objectContaining({
        id: first.id,
        personId: sam.actor.kind === "person" ? sam.actor.personId : -1,
        role: "viewer",
        days: 30,
        reason: "on call this month",
        status: "open",
        surface: "console",
        createdAt: rt.clock.now(),
      }),
    ]);

    const again = await requestAccess(sam, { target: APP.toLowerCase(), role: "manager", reason: "rotating too" });
    expect(again).toMatchObject({ kind: "recorded", id: first.id, role: "manager", isUpdate: true });
    expect(await requestRows(rt)).toEqual([
      expect.objectContaining({ id: first.id, role: "manager", days: null, reason: "rotating too", status: "open" }),
    ]);
    const audit = await auditOf(rt, "access.requested");
    expect(audit.map((e) => [e.actor, e.target, e.detail])).toEqual([
      [STRANGER, APP, { request: first.id, role: "viewer", days: 30, isUpdate: false }],
      [STRANGER, APP, { request: first.id, role: "manager", isUpdate: true }],
    ]);
    expect(await grantsOfPerson(rt, STRANGER)).toEqual([]);
  });

  it("records a request for a whole organisation", async () => {
    const outcome = await requestAccess(await rt.as(MANAGER), { target: "partner nl", role: "manager" });
    expect(outcome).toMatchObject({ kind: "recorded", isUpdate: false });
    const [row] = await requestRows(rt);
    expect(row?.applicationId).toBeNull();
    expect(row?.organisationId).not.toBeNull();
    expect((await auditOf(rt, "access.requested")).map((e) => [e.target, e.applicationId])).toEqual([[ORG, null]]);
  });

  it("records a request for a name that is no application, for the administrators alone to decide", async () => {
    const outcome = await requestAccess(await rt.as(STRANGER), { target: "No-Such-App", role: "viewer" });
    expect(outcome).toMatchObject({ kind: "recorded", name: "No-Such-App", role: "viewer", isUpdate: false });
    const [row] = await requestRows(rt);
    expect(row).toMatchObject({ applicationId: null, organisationId: null, unknownName: "No-Such-App" });
    const again = await requestAccess(await rt.as(STRANGER), { target: "No-Such-App", role: "manager" });
    expect(again).toMatchObject({ kind: "recorded", isUpdate: true });
    expect(await requestRows(rt)).toHaveLength(1);
    expect((await auditOf(rt, "access.requested")).map((e) => [e.target, e.applicationId, e.detail])).toEqual([
      ["No-Such-App", null, { request: row?.id, role: "viewer", isUpdate: false, isUnknownName: true }],
      ["No-Such-App", null, { request: row?.id, role: "manager", isUpdate: true, isUnknownName: true }],
    ]);
  });

  it("tells someone who already holds the grant, or a stronger one, instead of recording a request", async () => {
    expect(await requestAccess(await rt.as(VIEWER), { target: APP, role: "viewer" })).toMatchObject({ kind: "held" });
    expect(await requestAccess(await rt.as(MANAGER), { target: APP, role: "viewer" })).toMatchObject({ kind: "held" });
    expect(await requestAccess(await rt.as(ORG_MANAGER), { target: APP, role: "manager" })).toMatchObject({
      kind: "held",
    });
    expect(await requestRows(rt)).toEqual([]);
    // A viewer may ask to manage; an application grant does not hold the whole organisation.
    expect(await requestAccess(await rt.as(VIEWER), { target: APP, role: "manager" })).toMatchObject({
      kind: "recorded",
    });
    expect(await requestAccess(await rt.as(MANAGER), { target: ORG, role: "viewer" })).toMatchObject({
      kind: "recorded",
    });
    expect(await requestRows(rt)).toHaveLength(2);
  });

  it("refuses a grant length out of range, a reason over 500 characters, and the operator", async () => {
    const sam = await rt.as(STRANGER);
    expect(await codeOf(() => requestAccess(sam, { target: APP, role: "viewer", days: 0 }))).toBe("VALIDATION");
    expect(await codeOf(() => requestAccess(sam, { target: APP, role: "viewer", days: 366 }))).toBe("VALIDATION");
    const long = await requestAccess(sam, { target: APP, role: "viewer", reason: "x".repeat(501) }).catch(
      (e: unknown) => e,
    );
    expect(errorText(long, rt.log)).toBe("❌ Keep the reason under 500 characters.");
    const operator = await refusal(() => requestAccess(rt.operator, { target: APP, role: "viewer" }));
    expect(operator.code).toBe("FORBIDDEN");
    expect(operator.message).toContain("--as <email>");
    expect(await requestRows(rt)).toEqual([]);
    expect(await auditOf(rt, "access.requested")).toEqual([]);
  });
});

describe("deciding an access request", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await partnerRuntime();
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  it("approves a request once, writing the grant for the length asked and both audit entries", async () => {
    const id = await asked(rt, STRANGER, APP, "viewer", 30);
    rt.clock.advance(60_000);
    const decided = await decideAccessRequest(await rt.as(ORG_MANAGER), { id, isApproved: true });
    const endsAt = new Date(rt.clock.now().getTime() + 30 * DAY);
    expect(decided.endsAt).toEqual(endsAt);
    expect(decided.request).toMatchObject({
      id,
      status: "approved",
      decidedBy: ORG_MANAGER,
      decidedAt: rt.clock.now(),
      requesterEmail: STRANGER,
      targetName: APP,
    });
    expect(await grantsOfPerson(rt, STRANGER)).toEqual([
      expect.objectContaining({ role: "viewer", endsAt, grantedBy: ORG_MANAGER, organisationId: null }),
    ]);
    const all = await auditOf(rt);
    const audit = all.slice(all.findIndex((e) => e.action === "access.requested"));
    expect(audit.map((e) => [e.action, e.actor, e.detail])).toEqual([
      ["access.requested", STRANGER, { request: id, role: "viewer", days: 30, isUpdate: false }],
      [
        "grant.added",
        ORG_MANAGER,
        { email: STRANGER, role: "viewer", on: "application", endsOn: endsAt.toISOString().slice(0, 10), request: id },
      ],
      [
        "access.approved",
        ORG_MANAGER,
        { request: id, email: STRANGER, role: "viewer", endsOn: endsAt.toISOString().slice(0, 10) },
      ],
    ]);
    expect((await showApplication(await rt.as(STRANGER), { application: APP })).access).toBe("viewer");
  });

  it("approves for the length the decider gives over the one asked, and until revoked when neither gives one", async () => {
    const shorter = await asked(rt, STRANGER, APP, "viewer", 30);
    expect((await decideAccessRequest(await rt.as(ROOT), { id: shorter, isApproved: true, days: 7 })).endsAt).toEqual(
      new Date(rt.clock.now().getTime() + 7 * DAY),
    );
    const open = await asked(rt, "bea@partner-nl.org", ORG, "viewer");
    expect((await decideAccessRequest(await rt.as(ROOT), { id: open, isApproved: true })).endsAt).toBeNull();
    expect(await grantsOfPerson(rt, "bea@partner-nl.org")).toEqual([
      expect.objectContaining({ role: "viewer", endsAt: null, applicationId: null }),
    ]);
  });

  it("denies with a reason: no grant, the reason kept and audited", async () => {
    const id = await asked(rt, STRANGER, APP, "manager");
    const decided = await decideAccessRequest(await rt.as(ROOT), { id, isApproved: false, reason: "ask your lead" });
    expect(decided.endsAt).toBeNull();
    expect(decided.request).toMatchObject({ status: "denied", decidedBy: ROOT, note: "ask your lead" });
    expect(await grantsOfPerson(rt, STRANGER)).toEqual([]);
    expect((await auditOf(rt, "access.denied")).map((e) => e.detail)).toEqual([
      { request: id, email: STRANGER, role: "manager", reason: "ask your lead" },
    ]);
    expect(await codeOf(async () => showApplication(await rt.as(STRANGER), { application: APP }))).toBe("NOT_FOUND");
  });

  it("decides a request once: a later decider is told who decided it, and a double click grants once", async () => {
    const id = await asked(rt, STRANGER, APP, "viewer");
    await decideAccessRequest(await rt.as(ORG_MANAGER), { id, isApproved: true });
    const late = await refusal(async () => decideAccessRequest(await rt.as(ROOT), { id, isApproved: false }));
    expect(late.code).toBe("CONFLICT");
    expect(late.message).toContain(`was already approved by ${ORG_MANAGER}`);
    expect((await findAccessRequest(rt.db, id))?.status).toBe("approved");

    const other = await asked(rt, "bea@partner-nl.org", APP, "viewer");
    const outcomes = await Promise.allSettled([
      decideAccessRequest(await rt.as(ORG_MANAGER), { id: other, isApproved: true }),
      decideAccessRequest(await rt.as(ROOT), { id: other, isApproved: true }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const [rejected] = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
    expect(rejected).toBeInstanceOf(AppError);
    expect((rejected as AppError).code).toBe("CONFLICT");
    expect(await grantsOfPerson(rt, "bea@partner-nl.org")).toHaveLength(1);
    expect((await auditOf(rt, "access.approved")).filter((e) => e.detail.request === other)).toHaveLength(1);
  });

  it("never lets anyone decide their own request, not even an administrator", async () => {
    const id = await asked(rt, ROOT, APP, "manager");
    const own = await refusal(async () => decideAccessRequest(await rt.as(ROOT), { id, isApproved: true }));
    expect(own.code).toBe("FORBIDDEN");
    expect(own.message).toBe(
      "Nobody decides their own request; another administrator or manager of the organisation has to.",
    );
    expect((await findAccessRequest(rt.db, id))?.status).toBe("open");
    expect(await grantsOfPerson(rt, ROOT)).toEqual([]);
    await decideAccessRequest(await rt.as(ORG_MANAGER), { id, isApproved: true });
    expect(await grantsOfPerson(rt, ROOT)).toHaveLength(1);
  });

  it("lets only administrators, and managers of the whole organisation for its applications, decide", async () => {
    const forApp = await asked(rt, STRANGER, APP, "viewer");
    const forOrg = await asked(rt, "bea@partner-nl.org", ORG, "viewer");
    for (const email of [MANAGER, VIEWER, "nobody@elsewhere.org"]) {
      expect(await codeOf(async () => decideAccessRequest(await rt.as(email), { id: forApp, isApproved: true }))).toBe(
        "FORBIDDEN",
      );
    }
    const orgWide = await refusal(async () =>
      decideAccessRequest(await rt.as(ORG_MANAGER), { id: forOrg, isApproved: true }),
    );
    expect(orgWide.code).toBe("FORBIDDEN");
    expect(orgWide.message).toContain(`Ask ${ROOT}`);
    expect((await requestRows(rt)).map((r) => r.status)).toEqual(["open", "open"]);
    expect(await auditOf(rt, "access.approved")).toEqual([]);
    await decideAccessRequest(await rt.as(ROOT), { id: forOrg, isApproved: true });
    expect((await findAccessRequest(rt.db, forOrg))?.status).toBe("approved");
  });

  it("stops a manager of the organisation from deciding once their time-bound grant has ended", async () => {
    await grantAccess(rt.operator, {
      email: "tess@partner-nl.org",
      target: { kind: "organisation", ref: ORG },
      role: "manager",
      days: 1,
    });
    const id = await asked(rt, STRANGER, APP, "viewer");
    rt.clock.advance(DAY);
    expect(
      await codeOf(async () => decideAccessRequest(await rt.as("tess@partner-nl.org"), { id, isApproved: true })),
    ).toBe("FORBIDDEN");
    expect((await findAccessRequest(rt.db, id))?.status).toBe("open");
  });

  it("refuses an unknown request, the operator, and a grant length out of range, leaving the request open", async () => {
    const id = await asked(rt, STRANGER, APP, "viewer");
    const root = await rt.as(ROOT);
    const unknown = await refusal(() => decideAccessRequest(root, { id: id + 1000, isApproved: true }));
    expect(unknown.code).toBe("NOT_FOUND");
    expect(unknown.message).toBe(
      `There is no access request #${id + 1000}. Type \`requests\` for the open ones you may decide.`,
    );
    expect(await codeOf(() => decideAccessRequest(rt.operator, { id, isApproved: true }))).toBe("FORBIDDEN");
    for (const days of [0, 366, 1.5]) {
      expect(await codeOf(() => decideAccessRequest(root, { id, isApproved: true, days }))).toBe("VALIDATION");
    }
    expect((await findAccessRequest(rt.db, id))?.status).toBe("open");
    expect(await grantsOfPerson(rt, STRANGER)).toEqual([]);
  });

  it("approving a viewer request leaves a manager grant given meanwhile in place", async () => {
    const id = await asked(rt, STRANGER, APP, "viewer");
    await grantAccess(rt.operator, { email: STRANGER, target: { kind: "application", ref: APP }, role: "manager" });
    await decideAccessRequest(await rt.as(ORG_MANAGER), { id, isApproved: true });
    expect((await showApplication(await rt.as(STRANGER), { application: APP })).access).toBe("manager");
  });
});

describe("listing the open requests a person may decide", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("lists the open requests this person may decide, oldest first, never their own", async () => {
    rt = await partnerRuntime();
    const sams = await asked(rt, STRANGER, APP, "viewer");
    rt.clock.advance(60_000);
    const roots = await asked(rt, ROOT, APP, "manager");
    rt.clock.advance(60_000);
    const beas = await asked(rt, "bea@partner-nl.org", ORG, "viewer");
    rt.clock.advance(60_000);
    const decided = await asked(rt, "dan@partner-nl.org", APP, "viewer");
    await decideAccessRequest(await rt.as(ROOT), { id: decided, isApproved: false });

    expect((await listOpenRequests(await rt.as(ROOT))).map((r) => r.id)).toEqual([sams, beas]);
    expect((await listOpenRequests(await rt.as(ORG_MANAGER))).map((r) => r.id)).toEqual([sams, roots]);
    expect(await listOpenRequests(await rt.as(MANAGER))).toEqual([]);
    expect(await listOpenRequests(await rt.as(STRANGER))).toEqual([]);
    expect(await codeOf(() => listOpenRequests(rt.operator))).toBe("FORBIDDEN");
  });
});

describe("finding access requests", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("gives each request with the names its messages show, newest first, filtered when asked", async () => {
    rt = await partnerRuntime();
    const forApp = await asked(rt, STRANGER, APP, "viewer", 14);
    rt.clock.advance(60_000);
    const forOrg = await asked(rt, "bea@partner-nl.org", ORG, "manager");
    await decideAccessRequest(await rt.as(ROOT), { id: forOrg, isApproved: false, reason: "not yet" });

    const all = await findAccessRequests(rt.db);
    expect(all.map((r) => [r.id, r.requesterEmail, r.targetKind, r.targetName, r.organisationName, r.status])).toEqual([
      [forOrg, "bea@partner-nl.org", "organisation", ORG, ORG, "denied"],
      [forApp, STRANGER, "application", APP, ORG, "open"],
    ]);
    expect(all[0]).toMatchObject({ applicationId: null, decidedBy: ROOT, note: "not yet", days: null });
    expect(all[1]).toMatchObject({ role: "viewer", days: 14, surface: "console", decidedAt: null });
    expect(all[0]?.organisationId).toBe(all[1]?.organisationId);

    const open = await findAccessRequests(rt.db, (t) => eq(t.accessRequests.status, "open"));
    expect(open.map((r) => r.id)).toEqual([forApp]);
    expect(await findAccessRequest(rt.db, forApp)).toEqual(all[1]);
    expect(await findAccessRequest(rt.db, forOrg + 1000)).toBeUndefined();
  });
});
