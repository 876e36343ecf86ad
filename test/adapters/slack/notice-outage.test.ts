/**
 * No notice lost to an outage, none sent twice: the mail server and the Slack stand-in go down while
 * an access request is filed (and again while it is decided); the notices wait in the outbox, shown by
 * `steward remind --status`; once both are back, the outbox delivers each exactly once — the decider
 * in Slack, the decider by e-mail, the alert channel, and the requester.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandEnv } from "../../../src/commands/command.js";
import { runCommand } from "../../../src/commands/run-command.js";
import { deliverOutbox } from "../../../src/outbox/deliver-outbox.js";
import type { Reply } from "../../../src/reply.js";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { STRANGER, seedPartner } from "../../helpers/seed.js";
import { CHANNEL_ID, SAM, type SlackSetup, serveSlack } from "../../helpers/slack.js";
import { textOf } from "../../helpers/slack-blocks.js";
import { slash } from "../../helpers/slack-payloads.js";
import { TestSmtp } from "../../helpers/smtp.js";

const APP = "Partner-NL-Search";
const ROOT_EMAIL = "root@registry.org";
const MIA = "mia@registry.org"; // an administrator the bot knows only by e-mail
const ROOT = "U0ROOT";
const CONSOLE: CommandEnv = { surface: "console", canShowForms: false, canRevealSecrets: true };
const text = (reply: Reply) => reply.blocks.map((b) => ("text" in b ? b.text : "")).join("\n");

describe("notices through an outage of mail and Slack", () => {
  let s: SlackSetup;
  let smtp: TestSmtp;
  let env: Record<string, string>;
  const postsTo = (channel: string) => s.fake.callsOf("chat.postMessage").filter((c) => c.body.channel === channel);
  const mailsTo = (to: string) => smtp.received.filter((m) => JSON.stringify(m.to).includes(to));
  const slackPort = () => Number(new URL(s.fake.base).port);
  const down = async () => {
    await smtp.stop();
    await s.fake.stop();
  };
  const up = async () => {
    await smtp.start();
    await s.fake.start(slackPort());
  };

  beforeEach(async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    const admins = { ADMIN_EMAILS: `${ROOT_EMAIL},${MIA}`, SMTP_URL: smtp.url };
    s = await serveSlack(admins);
    env = { ...s.rt.databaseEnv, ...admins, STEWARD_PEPPER: TEST_PEPPER };
    s.fake.addUser(ROOT, { email: ROOT_EMAIL, name: "Root Admin" });
    await seedPartner(s.rt.operator);
    // The bot knows Root and Sam in Slack once they have used it there; Root subscribes a channel.
    for (const user of [ROOT, SAM]) await (await slash(s, user, "help")).answer();
    await (await slash(s, ROOT, 'alerts here "Partner NL"')).answer();
  });
  afterEach(async () => {
    await s.stop();
    await smtp.stop();
  });

  it("delivers every notice exactly once after the outage, and lists them as pending meanwhile", async () => {
    await down();
    const asked = await runCommand(await s.rt.as(STRANGER), `request ${APP} viewer --reason "search"`, CONSOLE);
    expect(text(asked)).toContain("I couldn't reach anyone who can decide it yet (I keep trying)");
    const pending = JSON.parse((await steward(["remind", "--status", "--json"], env)).stdout) as Array<
      Record<string, unknown>
    >;
    expect(pending.map((p) => [p.kind, p.type, p.recipient, p.status]).sort()).toEqual([
      ["notice", "access.requested", MIA, "pending"],
      ["notice", "access.requested", ROOT_EMAIL, "pending"],
      ["notice", "access.requested", `slack T0PARTNER/${CHANNEL_ID}`, "pending"],
    ]);

    await up();
    // Before the retry is due nothing goes out; after it, each notice once.
    expect(await deliverOutbox(s.rt)).toMatchObject({ sent: 0 });
    s.rt.clock.advance(10 * 60_000);
    expect(await deliverOutbox(s.rt)).toMatchObject({ sent: 3, retrying: 0, failed: 0 });
    expect(postsTo(ROOT)).toHaveLength(1);
    expect(textOf(postsTo(ROOT)[0]?.body.blocks)).toContain("search");
    expect(postsTo(CHANNEL_ID)).toHaveLength(1);
    expect(mailsTo(MIA)).toHaveLength(1);

    // Down again while Root decides: the requester hears the outcome once, when Slack is back.
    await down();
    const [request] = await s.rt.db.select().from(s.rt.db.t.accessRequests);
    const approved = await runCommand(await s.rt.as(ROOT_EMAIL), `approve ${request?.id}`, CONSOLE);
    expect(text(approved)).toContain(`✅ ${STRANGER} may now view ${APP}`);
    await up();
    s.rt.clock.advance(10 * 60_000);
    expect(await deliverOutbox(s.rt)).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
    expect(postsTo(SAM)).toHaveLength(1);
    expect(textOf(postsTo(SAM)[0]?.body.blocks)).toContain(`Your request to view ${APP} was approved`);

    // Later runs send nothing again.
    s.rt.clock.advance(86_400_000);
    expect(await deliverOutbox(s.rt)).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
    expect([postsTo(ROOT), postsTo(SAM), postsTo(CHANNEL_ID), mailsTo(MIA)].map((m) => m.length)).toEqual([1, 1, 1, 1]);
    expect(smtp.received).toHaveLength(1);
    const status = await steward(["remind", "--status"], env);
    expect(status.stdout.trim()).toBe("✅ Every recorded reminder, notice and webhook event was delivered.");
  });
});
