import { afterEach, describe, expect, it } from "vitest";
import { findDueReminders, type PlanningOptions } from "../../../src/jobs/find-due-reminders.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { seedPartner } from "../../helpers/seed.js";

const DAY = 86_400_000;
const NOW = new Date("2027-03-24T09:00:00Z");

describe("planning in pages", () => {
  let rt: TestRuntime;
  afterEach(async () => {
    await rt.cleanup();
  });

  it("finds every due secret exactly once and in expiry order whatever the page size, secrets sharing an expiry and pages with nothing due included", async () => {
    rt = await testRuntime({ clock: new FixedClock(NOW.toISOString()) });
    await seedPartner(rt.operator);
    const { applications, clientSecrets } = rt.db.t;
    const [app] = await rt.db.select().from(applications);
    // Due within the window: five that share one expiry instant (so a page ends inside the group), and
    // others on either side; three in the window that are never due (deactivated in the provider's
    // console), so small pages hold nothing due; plus two far outside it that no page may return.
    const secrets = [
      ...Array.from({ length: 5 }, () => ({ days: 2, isQuiet: false })),
      ...Array.from({ length: 3 }, () => ({ days: 4, isQuiet: true })),
      ...[-2, 1, 6, 13, 200, -200].map((days) => ({ days, isQuiet: false })),
    ];
    const inserted = await rt.db.transaction((tx) =>
      tx
        .insert(clientSecrets)
        .values(
          secrets.map(({ days, isQuiet }, i) => ({
            applicationId: app?.id ?? 0,
            keyId: `key-${i}`,
            displayName: `Key ${i}`,
            hint: "sst",
            createdAt: new Date(NOW.getTime() - 400 * DAY),
            expiresAt: new Date(NOW.getTime() + days * DAY),
            ...(isQuiet ? { deactivatedAt: NOW, deactivatedBy: "provider" as const } : {}),
          })),
        )
        .returning({
          id: clientSecrets.id,
          expiresAt: clientSecrets.expiresAt,
          deactivatedBy: clientSecrets.deactivatedBy,
        }),
    );
    const due = inserted
      .filter((s) => Math.abs(s.expiresAt.getTime() - NOW.getTime()) < 100 * DAY && s.deactivatedBy === null)
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.id - b.id)
      .map((s) => s.id);

    const plan = async (batchSize: number) => {
      const options: PlanningOptions = {
        now: NOW,
        reminderDays: [30, 14, 7, 3, 1],
        timeZone: "Europe/Amsterdam",
        fallbackEmails: [],
        batchSize,
      };
      const found: number[] = [];
      for await (const batch of findDueReminders(rt.db, options)) found.push(...batch.map((r) => r.secretId));
      return found;
    };
    for (const batchSize of [1, 2, 3, 4, 5000]) {
      expect(await plan(batchSize), `pages of ${batchSize}`).toEqual(due);
    }
  });
});
