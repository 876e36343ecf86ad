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

  it("finds every due secret exactly once whatever the page size, secrets sharing an expiry included", async () => {
    rt = await testRuntime({ clock: new FixedClock(NOW.toISOString()) });
    await seedPartner(rt.operator);
    const { applications, clientSecrets } = rt.db.t;
    const [app] = await rt.db.select().from(applications);
    // Due within the window: five that share one expiry instant (so a page ends inside the group), and
    // others on either side; plus two far outside it that no page may return.
    const expiries = [
      ...Array.from({ length: 5 }, () => NOW.getTime() + 2 * DAY),
      NOW.getTime() - 2 * DAY,
      NOW.getTime() + 1 * DAY,
      NOW.getTime() + 6 * DAY,
      NOW.getTime() + 13 * DAY,
      NOW.getTime() + 200 * DAY,
      NOW.getTime() - 200 * DAY,
    ];
    const inserted = await rt.db.transaction((tx) =>
      tx
        .insert(clientSecrets)
        .values(
          expiries.map((expiresAt, i) => ({
            applicationId: app?.id ?? 0,
            keyId: `key-${i}`,
            displayName: `Key ${i}`,
            hint: "sst",
            createdAt: new Date(NOW.getTime() - 400 * DAY),
            expiresAt: new Date(expiresAt),
          })),
        )
        .returning({ id: clientSecrets.id, expiresAt: clientSecrets.expiresAt }),
    );
    const due = inserted.filter((s) => Math.abs(s.expiresAt.getTime() - NOW.getTime()) < 100 * DAY).map((s) => s.id);

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
    for (const batchSize of [1, 2, 3, 5000]) {
      const found = await plan(batchSize);
      expect(found, `pages of ${batchSize}`).toHaveLength(due.length);
      expect(new Set(found), `pages of ${batchSize}`).toEqual(new Set(due));
    }
  });
});
