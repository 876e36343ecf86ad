/**
 * Keycloak and Okta report no use of each secret: a rotation there is `unknown`, and the reminder pass
 * neither asks about nor retires its older secret, however long it waits (`--retire auto` included).
 */
import { describe, expect, it } from "vitest";
import { reminderParts } from "../../../adapters/root/reminders.js";
import { runReminderPass } from "../../../src/jobs/reminder-pass.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { listRotations } from "../../../src/verbs/rotations.js";
import type { FakeApiServer } from "../../fakes/fake-api-server.js";
import type { Testbed } from "../../helpers/provider-testbed.js";
import { MANAGER } from "../../helpers/seed.js";
import { APP as KEYCLOAK_APP, keycloakTestbed, seedKeycloakPartner } from "./keycloak/keycloak-testbed.js";
import { APP as OKTA_APP, oktaTestbed, seedOktaPartner } from "./okta/okta-testbed.js";

const HOUR = 3_600_000;

const providers = [
  {
    name: "Keycloak",
    app: KEYCLOAK_APP,
    bed: async () => {
      const bed = await keycloakTestbed();
      await seedKeycloakPartner(bed);
      return { ...bed, fake: bed.kc as FakeApiServer };
    },
  },
  {
    name: "Okta",
    app: OKTA_APP,
    bed: async () => {
      const bed = await oktaTestbed();
      await seedOktaPartner(bed);
      return { ...bed, fake: bed.okta as FakeApiServer };
    },
  },
];

describe.each(providers)("retiring on $name", ({ app, bed: open }) => {
  it("leaves the rotation unknown and never asks about or retires its older secret", async () => {
    const bed: Testbed<FakeApiServer> = await open();
    try {
      const start = bed.clock.now().getTime();
      await createClientSecret(await bed.rt.as(MANAGER), { application: app, displayName: "B", retire: "auto" });
      const before = bed.fake.requests.length;
      for (const hours of [25, 47]) {
        bed.clock.set(new Date(start + hours * HOUR));
        const { deps, options } = reminderParts(bed.rt);
        const report = await runReminderPass(deps, options);
        expect(report.outcome === "done" && report.retire).toEqual({ asked: 0, retired: 0, failed: 0 });
        const [rotation] = await listRotations(bed.rt.operator, { now: bed.clock.now() });
        expect(rotation).toMatchObject({ state: "unknown", retire: "auto", askedAt: null, retiredAt: null });
        expect(rotation?.olders).toHaveLength(1);
      }
      const changes = bed.fake.requests.slice(before).filter((r) => r.method !== "GET" && !r.path.includes("token"));
      expect(changes.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    } finally {
      await bed.close();
    }
  });
});
