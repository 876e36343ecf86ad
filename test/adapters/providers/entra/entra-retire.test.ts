/**
 * Retiring on Microsoft Entra, against the Graph stand-in: the reminder pass reads the sign-in activity
 * report again before deciding; an idle older secret of a `--retire auto` rotation is removed with a
 * Graph removePassword request; without AuditLog.Read.All (403) usage is unknown and nothing is
 * retired; Graph refusing the removal leaves the rotation idle, tells the managers once, and the next
 * pass tries again and succeeds.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reminderParts } from "../../../../adapters/root/reminders.js";
import { runReminderPass } from "../../../../src/jobs/reminder-pass.js";
import type { RetireReport } from "../../../../src/jobs/retire-idle-secrets.js";
import type { SecretReveal } from "../../../../src/reply.js";
import { createClientSecret } from "../../../../src/verbs/create-client-secret.js";
import { listRotations } from "../../../../src/verbs/rotations.js";
import type { FakeApplication } from "../../../fakes/fake-entra-directory.js";
import { MANAGER } from "../../../helpers/seed.js";
import { APP, entraTestbed, seedEntraPartner, type Testbed } from "./entra-testbed.js";

const HOUR = 3_600_000;

describe("retiring an idle older secret on Microsoft Entra", () => {
  let bed: Testbed;
  let registration: FakeApplication;
  let a: SecretReveal;
  let b: SecretReveal;
  let start: number;

  beforeEach(async () => {
    bed = await entraTestbed();
    [registration] = (await seedEntraPartner(bed)) as [FakeApplication];
    start = bed.clock.now().getTime();
    a = await createClientSecret(await bed.rt.as(MANAGER), { application: APP, displayName: "Search A" });
    bed.clock.set(new Date(start + HOUR));
    b = await createClientSecret(await bed.rt.as(MANAGER), { application: APP, displayName: "B", retire: "auto" });
    // Entra's report: A last signed in at the start, B from an hour later.
    bed.graph.directory.signIns.set(a.keyId, new Date(start));
    bed.graph.directory.signIns.set(b.keyId, new Date(start + HOUR));
  });
  afterEach(() => bed.close());

  async function passAt(hours: number): Promise<RetireReport | null | undefined> {
    bed.clock.set(new Date(start + hours * HOUR));
    const { deps, options } = reminderParts(bed.rt);
    const report = await runReminderPass(deps, options);
    return report.outcome === "done" ? report.retire : null;
  }
  const removals = () =>
    bed.graph.graphRequests().filter((r) => r.method === "POST" && r.path.endsWith("/removePassword"));
  const stateAt = async (hours: number) =>
    (await listRotations(bed.rt.operator, { now: new Date(start + hours * HOUR) }))[0]?.state;
  const holds = async (keyId: string) =>
    (await bed.rt.db.select().from(bed.rt.db.t.clientSecrets).where(eq(bed.rt.db.t.clientSecrets.keyId, keyId))).length;

  it("reads the sign-in report again before deciding, then removes the idle secret with removePassword", async () => {
    expect(await passAt(24)).toEqual({ asked: 0, retired: 0, failed: 0 }); // switching
    const readsBefore = bed.graph.signInReportRequests().length;
    expect(await passAt(25)).toEqual({ asked: 0, retired: 1, failed: 0 });
    // The sync before the pass reads it, and the retire step reads it again for the open rotation.
    expect(bed.graph.signInReportRequests().length - readsBefore).toBe(2);
    expect(removals().map((r) => [r.path, r.body])).toEqual([
      [`/v1.0/applications(appId='${registration.appId}')/removePassword`, { keyId: a.keyId }],
    ]);
    expect(registration.passwordCredentials.map((c) => c.keyId)).toEqual([b.keyId]);
    const [entry] = await bed.rt.db
      .select()
      .from(bed.rt.db.t.auditEntries)
      .where(eq(bed.rt.db.t.auditEntries.action, "secret.retired"));
    expect(entry?.detail).toMatchObject({ keyId: a.keyId, lastUsedAt: new Date(start).toISOString() });
    expect(await passAt(26)).toEqual({ asked: 0, retired: 0, failed: 0 });
    expect(removals()).toHaveLength(1);
  });

  it("retires nothing while the report answers 403, or keeps failing (usage unknown)", async () => {
    bed.graph.mayReadSignIns = false;
    expect(await passAt(100)).toEqual({ asked: 0, retired: 0, failed: 0 });
    expect(await stateAt(100)).toBe("unknown");
    bed.graph.mayReadSignIns = true;
    for (let i = 0; i < 20; i++)
      bed.graph.signInReportScript.push({ status: 503, headers: { "retry-after": "0" }, body: {} });
    expect(await passAt(101)).toEqual({ asked: 0, retired: 0, failed: 0 });
    expect(await stateAt(101)).toBe("unknown");
    expect(removals()).toEqual([]);
    expect(await holds(a.keyId)).toBe(1);
  });

  it("keeps the rotation idle when Graph refuses the removal, tells the managers once, and succeeds on a later pass", async () => {
    registration.isOwnedByBot = false; // Graph answers removePassword with 403
    expect(await passAt(25)).toEqual({ asked: 0, retired: 0, failed: 1 });
    expect(await passAt(26)).toEqual({ asked: 0, retired: 0, failed: 1 });
    expect(await stateAt(26)).toBe("idle");
    expect(await holds(a.keyId)).toBe(1);
    expect(removals()).toHaveLength(2);
    const { outbox } = bed.rt.db.t;
    const told = await bed.rt.db.select().from(outbox).where(eq(outbox.type, "rotation.retire_failed"));
    expect(told.map((t) => t.recipient)).toEqual([MANAGER]);
    const mail = bed.rt.printed.join("");
    expect(mail).toContain(`${a.hint}… (Search A) is idle, but deleting it failed`);
    expect(mail).toContain("The bot tries again at each reminder pass; nothing was deleted.");

    registration.isOwnedByBot = true;
    expect(await passAt(27)).toEqual({ asked: 0, retired: 1, failed: 0 });
    expect(await holds(a.keyId)).toBe(0);
    expect(registration.passwordCredentials.map((c) => c.keyId)).toEqual([b.keyId]);
  });
});
