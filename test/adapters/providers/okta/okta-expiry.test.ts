import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderText } from "../../../../adapters/console/render-text.js";
import { reminderParts } from "../../../../adapters/root/reminders.js";
import { runCommand } from "../../../../src/commands/run-command.js";
import { runReminderPass } from "../../../../src/jobs/reminder-pass.js";
import { syncReport } from "../../../../src/messages/provider-sync.js";
import { syncClientSecrets } from "../../../../src/verbs/sync-client-secrets.js";
import { freePort } from "../../../helpers/http.js";
import { MANAGER } from "../../../helpers/seed.js";
import { TestSmtp } from "../../../helpers/smtp.js";
import { APP, type OktaBed, oktaTestbed, seedOktaPartner } from "./okta-testbed.js";

const CONSOLE = { surface: "console", canShowForms: false, canRevealSecrets: true } as const;
const DAY = 86_400_000;

describe("an Okta secret past the expiry the bot set", () => {
  let bed: OktaBed;
  let smtp: TestSmtp;
  beforeEach(async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    bed = await oktaTestbed({ SMTP_URL: smtp.url });
  });
  afterEach(async () => {
    await bed.close();
    await smtp.stop();
  });

  const pass = () => {
    const parts = reminderParts(bed.rt);
    return runReminderPass(parts.deps, parts.options);
  };

  it("is deactivated at Okta by the reminder pass exactly once, audited, and its managers are told", async () => {
    const [app] = await seedOktaPartner(bed);
    const ann = await bed.rt.as(MANAGER);
    const created = (await runCommand(ann, `create ${APP} --name Short-lived --expires 10d`, CONSOLE)).secret;
    const secret = app?.secrets.find((s) => s.id === created?.keyId);
    bed.clock.advance(11 * DAY);

    expect(await pass()).toMatchObject({ outcome: "done", delivery: { sent: 1 } });
    const deactivations = () => bed.okta.requests.filter((r) => r.path.endsWith("/lifecycle/deactivate"));
    expect(deactivations()).toMatchObject([
      { method: "POST", path: `/api/v1/apps/${app?.id}/credentials/secrets/${created?.keyId}/lifecycle/deactivate` },
    ]);
    expect(secret?.status).toBe("INACTIVE");
    const [row] = (await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).filter((s) => s.keyId === created?.keyId);
    expect(row?.deactivatedAt).toEqual(bed.clock.now());
    const deactivatedOn = bed.clock.now().toISOString().slice(0, 10);
    const audit = async () =>
      (await bed.rt.db.select().from(bed.rt.db.t.auditEntries))
        .filter((e) => e.action === "secret.deactivated")
        .map((e) => [e.actor, e.target, e.detail.keyId]);
    expect(await audit()).toEqual([["system", APP, created?.keyId]]);

    const [mail] = smtp.received;
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe(MANAGER);
    expect(mail?.subject).toBe(`⚠️ Client secret ${created?.hint}… of ${APP} has been deactivated by the bot`);
    expect(mail?.text).toContain(
      "Okta secrets never expire by themselves, so the bot deactivated it at the expiry that was set; API connections using it now fail.",
    );

    // Later passes neither deactivate it again nor tell anyone twice.
    bed.clock.advance(DAY);
    expect(await pass()).toMatchObject({ outcome: "done", recorded: 0 });
    bed.clock.advance(DAY);
    await pass();
    expect(deactivations()).toHaveLength(1);
    expect(await audit()).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
    expect(renderText(await runCommand(ann, `show ${APP}`, CONSOLE))).toContain(
      `❌ deactivated by the bot on ${deactivatedOn}`,
    );
  });

  it("is left active (and tried again next pass) while it is the app's only secret, which Okta will not deactivate", async () => {
    const [app] = await seedOktaPartner(bed);
    const only = app?.secrets[0];
    bed.clock.advance(366 * DAY);
    await pass();
    expect(only?.status).toBe("ACTIVE");
    expect((await bed.rt.db.select().from(bed.rt.db.t.clientSecrets))[0]?.deactivatedAt).toBeNull();
    expect(bed.rt.logLines.join("")).toContain("could not deactivate an expired secret");
    await pass();
    expect(bed.okta.requests.filter((r) => r.path.endsWith("/lifecycle/deactivate"))).toHaveLength(2);
  });

  it("deactivated in the Okta console, is marked so by the sync, dropped from expiring and reminders, and followed back when activated again", async () => {
    const [app] = await seedOktaPartner(bed);
    const first = app?.secrets[0];
    bed.clock.advance(340 * DAY);
    const second = app && bed.okta.org.addSecret(app);
    bed.clock.advance(10 * 60_000);
    if (first) first.status = "INACTIVE"; // an admin deactivates it in the Okta Admin Console

    const outcome = await syncClientSecrets(bed.rt.operator);
    expect(outcome.added.map((s) => s.keyId)).toEqual([second?.id]);
    expect(outcome.deactivated.map((s) => s.keyId)).toEqual([first?.id]);
    expect(syncReport(outcome).title).toBe("✅ Synced 1 application: 1 found, 0 removed, 1 deactivated.");
    const deactivatedOn = bed.clock.now().toISOString().slice(0, 10);
    const rows = async () =>
      new Map((await bed.rt.db.select().from(bed.rt.db.t.clientSecrets)).map((r) => [r.keyId, r.deactivatedBy]));
    expect(await rows()).toEqual(
      new Map([
        [first?.id, "provider"],
        [second?.id, null],
      ]),
    );
    const ann = await bed.rt.as(MANAGER);
    const shown = renderText(await runCommand(ann, `show ${APP}`, CONSOLE));
    expect(shown).toContain(`❌ deactivated in Okta on ${deactivatedOn}`);
    const expiring = renderText(await runCommand(ann, "expiring 3650", CONSOLE));
    const expiryOf = (created?: string) => new Date(Date.parse(created ?? "") + 365 * DAY).toISOString().slice(0, 10);
    expect(expiring).toContain(`Expires: ${expiryOf(second?.created)}`);
    expect(expiring).not.toContain(`Expires: ${expiryOf(first?.created)}`);

    // Nobody is told the bot deactivated it, and a week before its expiry no 7-day reminder goes out.
    expect(await pass()).toMatchObject({ outcome: "done", recorded: 0 });
    bed.clock.advance((365 - 340 - 7) * DAY);
    expect(await pass()).toMatchObject({ outcome: "done", recorded: 0 });
    expect(smtp.received).toHaveLength(0);

    // Activated again in the console: the pass's own sync follows it, and its reminder goes out.
    if (first) first.status = "ACTIVE";
    expect(await pass()).toMatchObject({ outcome: "done", delivery: { sent: 1 } });
    expect(smtp.received[0]?.subject).toContain("expires in 7 days");
    expect(await rows()).toEqual(
      new Map([
        [first?.id, null],
        [second?.id, null],
      ]),
    );
    const audit = (await bed.rt.db.select().from(bed.rt.db.t.auditEntries).orderBy(bed.rt.db.t.auditEntries.id))
      .filter((e) => e.action.startsWith("secret.external_") && e.detail.keyId === first?.id)
      .map((e) => `${e.actor} ${e.action}`);
    expect(audit).toEqual([
      "operator:test secret.external_added",
      "operator:test secret.external_deactivated",
      "system secret.external_reactivated",
    ]);
    expect(bed.okta.requests.some((r) => r.path.includes("/lifecycle/"))).toBe(false);
  });
});
