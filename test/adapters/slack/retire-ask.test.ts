/**
 * Retiring with `--retire ask`, end to end: a client system (oauth4webapi) gets tokens with secret A; the
 * manager rotates in Slack (the signed modal); the system switches to B. After ROTATION_IDLE_HOURS a
 * reminder pass (`steward remind --now`) asks the managers once — Ann in a Slack direct message with a
 * Delete button, Olga (no chat) by e-mail through a real SMTP server with the line to type — and a
 * second pass asks nothing more. The button, clicked as Slack sends it, re-checks the clicker's grant
 * and the evidence: refused for a stranger and a viewer, refused while A was used again, then deletes A
 * once, then says it is already done.
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { ANN, SAM, SIGNING_SECRET, type SlackSetup, serveSlack, VIC } from "../../helpers/slack.js";
import { buttonsIn, revealedValue, textOf } from "../../helpers/slack-blocks.js";
import { click, slash, submitForm } from "../../helpers/slack-payloads.js";
import { TestSmtp } from "../../helpers/smtp.js";
import { clientCredentials } from "../../helpers/token-client.js";

const APP = "Partner-NL-Search";
const OLGA = "olga@partner-nl.org";
const HOUR = 3_600_000;

describe("retiring an idle older secret with --retire ask, from Slack", () => {
  let s: SlackSetup;
  let smtp: TestSmtp;
  let env: Record<string, string>;
  let clientId: string;

  beforeEach(async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    s = await serveSlack({ SMTP_URL: smtp.url });
    env = {
      ...s.rt.databaseEnv,
      STEWARD_PEPPER: TEST_PEPPER,
      PUBLIC_URL: s.base,
      SMTP_URL: smtp.url,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-0000000000-0000000000000-fakefakefakefakefakefake",
      SLACK_API_URL: s.fake.apiUrl,
    };
    clientId = (await seedPartner(s.rt.operator)).app.clientId;
    expect((await steward(["grant", OLGA, "--app", APP, "--role", "manager"], env)).code).toBe(0);
    // The bot knows people in Slack once they have used it there; Olga never has: she gets e-mail.
    await Promise.all([ANN, VIC, SAM].map(async (user) => (await slash(s, user, "help")).answer()));
  });
  afterEach(async () => {
    await s.stop();
    await smtp.stop();
  });

  const at = (hours: number) => new Date(Date.parse("2026-11-26T10:00:00Z") + hours * HOUR);
  const remindAt = async (hours: number) => {
    const pass = await steward(["remind", "--now", at(hours).toISOString()], env);
    expect(pass.code, pass.stderr).toBe(0);
    return pass.stdout;
  };
  const dmsTo = (user: string) => s.fake.callsOf("chat.postMessage").filter((c) => c.body.channel === user);
  const holds = async (keyId: string) =>
    (await s.rt.db.select().from(s.rt.db.t.clientSecrets).where(eq(s.rt.db.t.clientSecrets.keyId, keyId))).length;
  const used = async (value: string) => {
    expect(await clientCredentials(s.base, { clientId, value })).toHaveProperty("token");
    await s.server.lastUsed.flush();
  };

  /** Ann rotates in Slack: the Rotate button, the modal, the value revealed there. */
  async function rotateInSlack(): Promise<string> {
    await click(s, ANN, `rotate ${APP}`);
    const form = await s.fake.waitFor("views.update", (c) =>
      String((c.body.view as { private_metadata?: string }).private_metadata).includes('"command":"rotate"'),
    );
    const viewId = String(form.body.view_id);
    const metadata = String((form.body.view as { private_metadata: string }).private_metadata);
    await submitForm(s, ANN, { viewId, metadata, displayName: "Search B", expiresOn: "2027-06-01" });
    const reveal = await s.fake.waitFor(
      "views.update",
      (c) => c.body.view_id === viewId && (c.body.view as { callback_id: string }).callback_id === "steward:reveal",
    );
    return revealedValue(reveal.body.view) as string;
  }

  it("asks the managers once, where they are, and the Delete button re-checks grant and evidence, then works once", async () => {
    const a = await createClientSecret(await s.rt.as(MANAGER), { application: APP, displayName: "Search A" });
    await used(a.value);
    s.rt.clock.set(at(1));
    const b = await rotateInSlack();
    await used(b); // the system switched to B an hour after A's last use
    expect(await remindAt(24)).not.toContain("Rotations:"); // switching: nothing asked yet

    const before = dmsTo(ANN).length;
    expect(await remindAt(25)).toContain("Rotations: managers asked to retire idle older secrets of 1 application");
    const asked = await s.fake.waitFor("chat.postMessage", (c) => c.body.channel === ANN, before + 1);
    const question = textOf(asked.body.blocks);
    expect(question).toContain(`${APP}*: nothing has used the older secret for 24 hours or more`);
    expect(question).toContain(
      `\`${a.hint}…\` (Search A): idle since 2026-11-27 11:00 UTC (last used 2026-11-26 10:00 UTC from 127.0.0.1)`,
    );
    expect(question).toContain("(Search B): in use since 2026-11-26 11:00 UTC");
    const [button] = buttonsIn(asked.body.blocks);
    expect(button).toMatchObject({ text: "Delete", value: `retire ${clientId} ${a.keyId}` });
    expect(button?.confirm).toBeDefined();
    await smtp.arrivals.until(
      () => smtp.received[0],
      5000,
      () => "no mail arrived",
    );
    expect(smtp.received.map((m) => (m.to as { text: string }).text)).toEqual([OLGA]);
    const mail = smtp.received[0]?.text ?? "";
    expect(mail).toContain(`(Search A): idle since 2026-11-27 11:00 UTC`);
    expect(mail).toContain(`type in Slack /secrets delete ${APP} ${a.hint}`);
    expect(mail).toContain(`${s.base}/portal/apps/${clientId}`);

    expect(await remindAt(27)).not.toContain("Rotations:"); // asked once: nothing more, in chat or by mail
    expect(dmsTo(ANN)).toHaveLength(before + 1);
    expect(smtp.received).toHaveLength(1);

    // Clicks as Slack sends them, each checked as whoever clicks, at the moment of the click.
    s.rt.clock.set(at(27));
    const stranger = await (await click(s, SAM, button!.value)).answer();
    expect(stranger.text).toMatch(/^❌/);
    const viewer = await (await click(s, VIC, button!.value)).answer();
    expect(viewer.text).toMatch(/^❌/);
    await used(a.value); // a forgotten system used A again
    const again = await (await click(s, ANN, button!.value)).answer();
    expect(again.text).toContain(
      `❌ Not deleted: ${a.hint}… was used again at 2026-11-27 13:00 UTC from 127.0.0.1, less than 24 hours ago.`,
    );
    expect(await holds(a.keyId)).toBe(1);

    s.rt.clock.set(at(51)); // idle again
    const deleted = await (await click(s, ANN, button!.value)).answer();
    expect(deleted.text).toContain(`✅ Deleted ${a.hint}… (Search A) of ${APP}`);
    expect(await holds(a.keyId)).toBe(0);
    expect(await clientCredentials(s.base, { clientId, value: a.value })).toEqual({ error: "invalid_client" });
    expect(await clientCredentials(s.base, { clientId, value: b })).toHaveProperty("token");
    const twice = await (await click(s, ANN, button!.value)).answer();
    expect(twice.text).toContain("✅ Already done: that secret is deleted");

    const audit = await s.rt.db
      .select()
      .from(s.rt.db.t.auditEntries)
      .where(eq(s.rt.db.t.auditEntries.action, "secret.retired"));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: MANAGER, surface: "slack" });
    expect(audit[0]?.detail).toMatchObject({
      keyId: a.keyId,
      lastUsedAt: at(27).toISOString(),
      lastUsedFrom: "127.0.0.1",
    });
    expect(JSON.stringify(audit)).not.toContain(a.value);
  });
});
