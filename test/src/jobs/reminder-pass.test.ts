import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { reminderParts } from "../../../adapters/root/reminders.js";
import { runCommand } from "../../../src/commands/run-command.js";
import { withActor } from "../../../src/context.js";
import { runReminderPass } from "../../../src/jobs/reminder-pass.js";
import { operatorActor } from "../../../src/people.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { setAlertChannel } from "../../../src/verbs/set-alert-channel.js";
import { FakeSlackApi } from "../../fakes/fake-slack-api.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { TestSmtp } from "../../helpers/smtp.js";

const APP = "Partner-NL-Search";
const ORG_MANAGER = "olga@partner-nl.org";
const HOUR = 3_600_000;

type World = { rt: TestRuntime; smtp: TestSmtp; slack: FakeSlackApi; values: string[]; close(): Promise<void> };

/** A world on Wednesday 2027-03-24 09:00 UTC with a secret created long ago that expires on 31 March. */
async function world(options: { withSmtp?: boolean; expires?: string[] } = {}): Promise<World> {
  const smtp = new TestSmtp(await freePort());
  await smtp.start();
  const slack = new FakeSlackApi();
  await slack.start();
  const clock = new FixedClock("2026-06-01T09:00:00Z");
  const env: Record<string, string> = {
    SLACK_SIGNING_SECRET: "s3cr3t",
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_API_URL: slack.url,
  };
  if (options.withSmtp !== false) env.SMTP_URL = smtp.url;
  const rt = await testRuntime({ env, clock });
  await seedPartner(rt.operator);
  await grantAccess(rt.operator, {
    email: ORG_MANAGER,
    target: { kind: "organisation", ref: "Partner NL" },
    role: "manager",
  });
  const values: string[] = [];
  for (const expires of options.expires ?? ["2027-03-31"]) {
    clock.set("2026-06-01T09:00:00Z");
    rt.clock.advance(values.length * 1000);
    const created = await createClientSecret(await rt.as(MANAGER), {
      application: APP,
      expires,
      displayName: `Key ${values.length + 1}`,
    });
    values.push(created.value);
  }
  clock.set("2027-03-24T09:00:00Z");
  return {
    rt,
    smtp,
    slack,
    values,
    close: async () => {
      await rt.cleanup();
      await smtp.stop();
      await slack.stop();
    },
  };
}

function pass(w: World) {
  const parts = reminderParts(w.rt);
  return runReminderPass(parts.deps, parts.options);
}

describe("a reminder pass", () => {
  let w: World;
  afterEach(async () => w.close());

  it("e-mails each credential manager and contact once, with subject, text and HTML, and no secret value", async () => {
    w = await world();
    expect(await pass(w)).toMatchObject({ outcome: "done", recorded: 3, delivery: { sent: 3 } });
    const to = w.smtp.received.map((m) => (Array.isArray(m.to) ? "" : m.to?.text)).sort();
    expect(to).toEqual([MANAGER, ORG_MANAGER, "ops@partner-nl.org"].sort());
    const mail = w.smtp.received[0]!;
    const hint = w.values[0]!.slice(0, 7);
    expect(mail.subject).toBe(`⚠️ Client secret ${hint}… of ${APP} expires in 7 days`);
    for (const part of [mail.text ?? "", String(mail.html)]) {
      expect(part).toContain(APP);
      expect(part).toContain("Key 1");
      expect(part).toContain("2027-03-31");
      expect(part).toContain("Rotate now");
      expect(part).toContain("Update your systems to use the new secret");
      expect(part).not.toContain(w.values[0]!.slice(4));
    }
    // Slack is on and Teams is off here: the mail names Slack and the console, not Teams.
    expect(mail.text).toContain(`in Slack, /secrets rotate ${APP} or /secrets show ${APP}`);
    expect(mail.text).toContain(`in a terminal, steward console and then rotate ${APP} or show ${APP}`);
    expect(mail.text).not.toContain("Teams");
    expect(await pass(w)).toMatchObject({ outcome: "done", recorded: 0, delivery: { sent: 0 } });
    expect(w.smtp.received).toHaveLength(3);
  });

  it("tells managers, of a rotation nothing has used yet, to give the newer secret to their systems", async () => {
    w = await world({ expires: ["2027-03-31", "2027-05-20"] });
    await pass(w);
    // Besides, its managers hear once that the newer one, unused for 90 days, may no longer be needed.
    const reminders = w.smtp.received.filter((m) => m.subject?.startsWith("⚠️"));
    expect(reminders).toHaveLength(3);
    const newer = w.values[1]!.slice(0, 7);
    expect(reminders[0]?.text).toContain(
      `Neither this secret nor the newer secret ${newer}… has been used yet: give the newer one to every system that is to connect.`,
    );
    expect(reminders[0]?.text).toContain("Use: never used");
    expect(w.smtp.received.filter((m) => m.subject?.includes("unused for 90 days"))).toHaveLength(2);
  });

  it("sends nothing for a deleted secret, even one whose reminder was waiting for a retry", async () => {
    w = await world();
    await w.smtp.stop();
    expect(await pass(w)).toMatchObject({ delivery: { retrying: 3 } });
    const ann = await w.rt.as(MANAGER);
    const asked = await runCommand(ann, `delete ${APP} ${w.values[0]!.slice(0, 7)}`, {
      surface: "console",
      canShowForms: false,
      canRevealSecrets: true,
    });
    await runCommand(ann, asked.confirmation!.yes.command, {
      surface: "console",
      canShowForms: false,
      canRevealSecrets: true,
    });
    await w.smtp.start();
    w.rt.clock.advance(HOUR);
    expect(await pass(w)).toMatchObject({ recorded: 0, delivery: { sent: 0, retrying: 0 } });
    expect(w.smtp.received).toHaveLength(0);
  });

  it("delivers every reminder exactly once when SMTP refuses connections for two passes", async () => {
    w = await world();
    await w.smtp.stop();
    expect(await pass(w)).toMatchObject({ delivery: { retrying: 3, sent: 0 } });
    w.rt.clock.advance(HOUR);
    expect(await pass(w)).toMatchObject({ delivery: { retrying: 3, sent: 0 } });
    await w.smtp.start();
    w.rt.clock.advance(HOUR);
    expect(await pass(w)).toMatchObject({ delivery: { sent: 3 } });
    w.rt.clock.advance(HOUR);
    await pass(w);
    expect(w.smtp.received.map((m) => m.subject)).toHaveLength(3);
  });

  it("never runs two passes at once", async () => {
    w = await world();
    const [a, b] = await Promise.all([pass(w), pass(w)]);
    expect([a.outcome, b.outcome].sort()).toEqual(["done", "skipped"]);
    expect(w.smtp.received).toHaveLength(3);
  });

  it("posts one digest per alert channel, retrying a Slack 429 after its Retry-After", async () => {
    w = await world({ expires: ["2027-03-31", "2027-03-30"] });
    await setAlertChannel(withActor(w.rt, operatorActor("t")), {
      organisation: "Partner NL",
      isOn: true,
      platform: "slack",
      workspace: "T1",
      channelId: "C123",
    });
    w.slack.answers.push({ status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } });
    const report = await pass(w);
    expect(report).toMatchObject({ outcome: "done" });
    const posts = w.slack.calls.filter((c) => c.method === "chat.postMessage");
    expect(posts).toHaveLength(2);
    expect(posts[1]?.body.channel).toBe("C123");
    expect(posts[1]?.authorization).toBe("Bearer xoxb-test");
    const text = JSON.stringify(posts[1]?.body);
    expect(text).toContain("2 client secrets");
    const buttons = (posts[1]!.body.blocks as { type: string; elements?: { type: string; value?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .filter((e) => e.type === "button")
      .map((e) => e.value);
    // The older secret of the rotation gets no Rotate: a newer one exists already.
    expect(buttons.sort()).toEqual([`rotate ${APP}`, `show ${APP}`, `show ${APP}`]);
    for (const value of w.values) expect(text).not.toContain(value.slice(4));
  });

  it("e-mails the managers with a note when a channel alert fails for good", async () => {
    w = await world();
    await setAlertChannel(withActor(w.rt, operatorActor("t")), {
      organisation: "Partner NL",
      isOn: true,
      platform: "slack",
      workspace: "T1",
      channelId: "C404",
    });
    w.slack.answers.push({ body: { ok: false, error: "channel_not_found" } });
    await pass(w);
    const notes = w.smtp.received.filter((m) =>
      m.text?.includes("The alert to Slack channel C404 failed (Slack: channel_not_found)"),
    );
    expect(notes.map((m) => (Array.isArray(m.to) ? "" : m.to?.text)).sort()).toEqual([MANAGER, ORG_MANAGER].sort());
    const { reminderOutbox } = w.rt.db.t;
    const failed = await w.rt.db
      .select()
      .from(reminderOutbox)
      .where(and(eq(reminderOutbox.status, "failed"), eq(reminderOutbox.channel, "slack")));
    expect(failed).toHaveLength(1);
  });

  it("prints mail and records it as not delivered when SMTP_URL is unset", async () => {
    w = await world({ withSmtp: false });
    expect(await pass(w)).toMatchObject({ delivery: { printed: 3, sent: 0 } });
    expect(w.rt.printed.join("")).toContain("Not sent (SMTP_URL is not set) — to: ann@partner-nl.org");
    const statuses = await w.rt.db
      .selectDistinct({ status: w.rt.db.t.reminderOutbox.status })
      .from(w.rt.db.t.reminderOutbox);
    expect(statuses.map((row) => row.status)).toEqual(["printed"]);
  });

  it("lists what would go out in a dry run, and records and sends nothing", async () => {
    w = await world();
    const parts = reminderParts(w.rt);
    const report = await runReminderPass(parts.deps, { ...parts.options, isDryRun: true });
    expect(report.outcome === "dry-run" && report.due.map((d) => [d.threshold, d.recipients.length])).toEqual([
      ["7d", 3],
    ]);
    expect(await w.rt.db.select().from(w.rt.db.t.reminderOutbox)).toHaveLength(0);
    expect(w.smtp.received).toHaveLength(0);
  });
});
