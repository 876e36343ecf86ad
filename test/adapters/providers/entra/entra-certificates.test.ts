import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderText } from "../../../../adapters/console/render-text.js";
import { reminderParts } from "../../../../adapters/root/reminders.js";
import { runCommand } from "../../../../src/commands/run-command.js";
import { runReminderPass } from "../../../../src/jobs/reminder-pass.js";
import { addOrganisation } from "../../../../src/verbs/add-organisation.js";
import { grantAccess } from "../../../../src/verbs/grant-access.js";
import { importApplications } from "../../../../src/verbs/import-applications.js";
import { syncClientSecrets } from "../../../../src/verbs/sync-client-secrets.js";
import { freePort } from "../../../helpers/http.js";
import { MANAGER } from "../../../helpers/seed.js";
import { TestSmtp } from "../../../helpers/smtp.js";
import { APP, entraTestbed, type Testbed } from "./entra-testbed.js";

const CONSOLE = { surface: "console", canShowForms: false, canRevealSecrets: true } as const;
const DAY = 86_400_000;
const UPLOAD =
  "Upload a new certificate in the Microsoft Entra portal, update your systems, then remove the old one there (the bot does not create certificates).";

describe("Entra certificates (keyCredentials)", () => {
  let bed: Testbed;
  let smtp: TestSmtp;
  beforeEach(async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    bed = await entraTestbed({ SMTP_URL: smtp.url });
  });
  afterEach(async () => {
    await bed.close();
    await smtp.stop();
  });

  /** Partner NL with an app registration holding a certificate that ends in 7 days, imported; ann manages it. */
  async function seedWithCertificate() {
    const registration = bed.graph.addApplication(APP);
    const start = new Date(bed.clock.now().getTime() - 358 * DAY);
    const end = new Date(bed.clock.now().getTime() + 7 * DAY);
    const certificate = bed.graph.directory.addCertificate(registration, {
      displayName: "CN=partner-nl-search",
      start,
      end,
    });
    await addOrganisation(bed.rt.operator, { name: "Partner NL" });
    await importApplications(bed.rt.operator, { organisation: "Partner NL" });
    await grantAccess(bed.rt.operator, { email: MANAGER, target: { kind: "application", ref: APP }, role: "manager" });
    const thumbprint = Buffer.from(certificate.customKeyIdentifier, "base64").toString("hex").toUpperCase();
    return { registration, certificate, hint: thumbprint.slice(0, 8) };
  }

  it("are recorded by import with a thumbprint hint, listed by show under their own heading and by expiring", async () => {
    const { certificate, hint } = await seedWithCertificate();
    const [row] = await bed.rt.db.select().from(bed.rt.db.t.clientSecrets);
    expect(row).toMatchObject({
      keyId: certificate.keyId,
      kind: "certificate",
      hint,
      displayName: "CN=partner-nl-search",
      expiresAt: new Date(certificate.endDateTime),
      isExternal: true,
    });
    const ann = await bed.rt.as(MANAGER);
    const shown = renderText(await runCommand(ann, `show ${APP}`, CONSOLE));
    expect(shown).toContain("No client secrets: API clients of this application cannot get tokens.");
    expect(shown).toContain("Certificates (1)");
    expect(shown).toContain(`• thumbprint ${hint}… CN=partner-nl-search`);
    expect(shown).toContain("⚠️ expires in 7 days");
    expect(shown).toContain(UPLOAD);
    const expiring = renderText(await runCommand(ann, "expiring", CONSOLE));
    expect(expiring).toContain("Secrets and certificates expiring within 30 days");
    expect(expiring).toContain(`${APP} certificate ${hint}… CN=partner-nl-search`);
    expect(expiring).not.toContain("[Rotate:");

    const refused = renderText(await runCommand(ann, `delete ${APP} ${certificate.keyId}`, CONSOLE));
    expect(refused).toBe(
      `❌ That is a certificate of ${APP}: the bot lists certificates and reminds you of them, but never deletes or creates them. Remove it in the Microsoft Entra portal.`,
    );
  });

  it("get the 7-day reminder like secrets, telling managers to upload a new certificate", async () => {
    const { hint } = await seedWithCertificate();
    const parts = reminderParts(bed.rt);
    const report = await runReminderPass(parts.deps, parts.options);
    expect(report).toMatchObject({ outcome: "done", recorded: 1, delivery: { sent: 1 } });
    const [mail] = smtp.received;
    expect(mail?.subject).toBe(`⚠️ Certificate ${hint}… of ${APP} expires in 7 days`);
    expect(mail?.text).toContain(UPLOAD);
    const thresholds = (await bed.rt.db.select().from(bed.rt.db.t.reminderOutbox)).map((r) => r.threshold);
    expect(thresholds).toEqual(["7d"]);
  });

  it("follow the portal with sync: a new certificate is recorded, a removed one forgotten", async () => {
    const { registration, certificate } = await seedWithCertificate();
    const start = new Date(bed.clock.now().getTime() - DAY);
    const renewed = bed.graph.directory.addCertificate(registration, {
      displayName: "CN=partner-nl-search 2027",
      start,
      end: new Date(bed.clock.now().getTime() + 365 * DAY),
    });
    registration.keyCredentials = registration.keyCredentials.filter((c) => c !== certificate);
    const outcome = await syncClientSecrets(bed.rt.operator);
    expect([outcome.added.map((s) => s.keyId), outcome.removed.map((s) => s.keyId)]).toEqual([
      [renewed.keyId],
      [certificate.keyId],
    ]);
    const rows = await bed.rt.db.select().from(bed.rt.db.t.clientSecrets);
    expect(rows.map((r) => [r.keyId, r.kind])).toEqual([[renewed.keyId, "certificate"]]);
  });
});
