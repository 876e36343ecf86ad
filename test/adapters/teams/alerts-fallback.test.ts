import type { ParsedMail } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { TestSmtp } from "../../helpers/smtp.js";
import { say } from "./activities.js";
import { cardOf, textOf } from "./cards.js";
import { CHANNEL_ID, fileKeys, serveTeams, type TeamsSetup } from "./teams-testbed.js";

const OLGA = { id: "29:olga", aadObjectId: "aad-olga", name: "Olga", email: "olga@partner-nl.org" };
/** Teams as the Agents Playground runs it: no bot credentials, no Bot Framework authentication. */
const WITHOUT_CREDENTIALS = {
  TEAMS_ALLOW_UNAUTHENTICATED: "true",
  TEAMS_CLIENT_ID: "",
  TEAMS_CLIENT_SECRET: "",
  TEAMS_TENANT_ID: "",
};

const recipients = (mails: ParsedMail[]) => mails.map((m) => (Array.isArray(m.to) ? "" : (m.to?.text ?? ""))).sort();

describe("Teams channel alerts from the reminder pass, without credentials and where Teams cannot be reached", () => {
  const keys = fileKeys();
  let s: TeamsSetup;
  let smtp: TestSmtp;
  /** The moment of the pass: three days after the secret was made to last ten, so its 7-day reminder is due. */
  let now: string;
  beforeEach(async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    s = await serveTeams(WITHOUT_CREDENTIALS, { keys });
    s.fake.addUser(OLGA);
    await seedPartner(s.rt.operator);
    await grantAccess(s.rt.operator, {
      email: OLGA.email,
      target: { kind: "organisation", ref: "Partner NL" },
      role: "manager",
    });
    const routed = await say(s, OLGA, 'alerts here "Partner NL"', "channel");
    expect(textOf(routed.card)).toContain("✅ This channel now gets the expiry alerts of Partner NL");
    await createClientSecret(await s.rt.as(MANAGER), { application: "Partner-NL-Search", expires: "10d" });
    now = new Date(s.rt.clock.now().getTime() + 3 * 86_400_000).toISOString();
  });
  afterEach(async () => {
    await s.stop();
    await smtp.stop();
  });

  /** A CLI run on the server's database, mailing through the test SMTP server. */
  const remind = (args: string[], teams: Record<string, string>) =>
    steward(["remind", ...(args.includes("--status") ? [] : ["--now", now]), ...args], {
      ...s.rt.databaseEnv,
      STEWARD_PEPPER: TEST_PEPPER,
      SMTP_URL: smtp.url,
      ...teams,
    });

  it("posts the alert to the channel's service URL without a token, as every reply in that mode goes", async () => {
    const teams = { TEAMS_ALLOW_UNAUTHENTICATED: "true", TEAMS_SERVICE_URL: s.fake.serviceUrl };
    const dry = JSON.parse((await remind(["--dry-run", "--json"], teams)).stdout) as {
      reminders: { channel: string; isPlatformOff: boolean }[];
    };
    expect(dry.reminders.filter((r) => r.channel === "teams")).toEqual([
      expect.objectContaining({ channel: "teams", isPlatformOff: false }),
    ]);
    const before = s.fake.callsOf("send", CHANNEL_ID).length;
    const done = await remind([], teams);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain("failed 0");
    const posted = s.fake.callsOf("send", CHANNEL_ID)[before];
    expect(posted?.authorization).toBeUndefined();
    expect(textOf(cardOf(posted!))).toContain("Partner-NL-Search");
    expect(s.fake.callsOf("token")).toHaveLength(0);
    const status = JSON.parse((await remind(["--status", "--json"], teams)).stdout) as {
      channel: string;
    }[];
    expect(status.filter((r) => r.channel === "teams")).toEqual([]);
  });

  it("says so and e-mails the managers when Teams is not configured for the pass", async () => {
    const dry = await remind(["--dry-run"], {});
    expect(dry.stdout).toMatch(/teams \S+ \(Teams is not configured here: its managers get it by e-mail instead\)/);
    const done = await remind([], {});
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain("failed 1");
    expect(done.stdout).toContain("See `steward remind --status` for what was not delivered.");
    const notes = smtp.received.filter((m) =>
      m.text?.includes("(Teams is not configured here), so it comes to you by e-mail instead"),
    );
    expect(recipients(notes)).toEqual([MANAGER, OLGA.email]);
    const status = await remind(["--status"], {});
    expect(status.stdout).toMatch(/failed .*→ teams \S+ — Teams is not configured here/);
  });

  it("says so and e-mails the managers when the conversation is gone", async () => {
    s.fake.script("send", { status: 404, body: { error: { code: "ConversationNotFound" } } });
    const done = await remind([], { TEAMS_ALLOW_UNAUTHENTICATED: "true", TEAMS_SERVICE_URL: s.fake.serviceUrl });
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain("failed 1");
    const notes = smtp.received.filter((m) => m.text?.includes("so it comes to you by e-mail instead"));
    expect(recipients(notes)).toEqual([MANAGER, OLGA.email]);
  });
});
