/**
 * Reminders that read the evidence of use, end to end: API clients get tokens from the built-in endpoint
 * (oauth4webapi, and a second system from another address), secrets are created with the CLI, and
 * `steward remind --now …` runs the pass days later, mailing through a real SMTP server and posting to a
 * Slack stand-in for the organisation's alert channel.
 */
import { afterEach, describe, expect, it } from "vitest";
import { renderText } from "../../../adapters/console/render-text.js";
import { type Server, startServer } from "../../../adapters/root/server.js";
import type { CommandEnv } from "../../../src/commands/command.js";
import { runCommand } from "../../../src/commands/run-command.js";
import { withActor } from "../../../src/context.js";
import { isoDate } from "../../../src/messages/format.js";
import { operatorActor } from "../../../src/people.js";
import { setAlertChannel } from "../../../src/verbs/set-alert-channel.js";
import { FakeSlackApi } from "../../fakes/fake-slack-api.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { TestSmtp } from "../../helpers/smtp.js";
import { getToken, getTokenFrom } from "../../helpers/token-client.js";

const APP = "Partner-NL-Search";
const MANAGER = "ann@partner-nl.org";
const CONTACT = "ops@partner-nl.org";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const inConsole: CommandEnv = { surface: "console", canShowForms: false, canRevealSecrets: true };

type Created = { value: string; keyId: string; hint: string; clientId: string };

/** The bot serving tokens, with a pinned clock, an SMTP server, a Slack alert channel, and the CLI on the same database. */
class World {
  readonly smtp: TestSmtp;
  readonly slack = new FakeSlackApi();
  readonly clock = new FixedClock(new Date());
  /** The day secret A expires: 40 days from now. */
  readonly expiresOn = isoDate(new Date(this.clock.now().getTime() + 40 * DAY));
  /** Three days before A expires, at 09:00 UTC: when the pass runs. */
  readonly passAt = new Date(`${this.expiresOn}T09:00:00Z`).getTime() - 3 * DAY;
  rt!: TestRuntime;
  server!: Server;
  base = "";
  env: Record<string, string> = {};

  constructor(port: number) {
    this.smtp = new TestSmtp(port);
  }

  static async open(): Promise<World> {
    const w = new World(await freePort());
    await w.smtp.start();
    await w.slack.start();
    const port = await freePort();
    w.base = `http://127.0.0.1:${port}`;
    const own = {
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: w.base,
      STEWARD_PEPPER: TEST_PEPPER,
      SMTP_URL: w.smtp.url,
      SLACK_SIGNING_SECRET: "s3cr3t",
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_API_URL: w.slack.url,
    };
    w.rt = await testRuntime({ env: own, clock: w.clock });
    w.server = await startServer(w.rt);
    w.env = { ...own, ...w.rt.databaseEnv };
    await w.cli(["org", "add", "Partner NL", "--contact", CONTACT]);
    await w.cli(["app", "add", APP, "--org", "Partner NL", "--api", "search"]);
    await w.cli(["grant", MANAGER, "--app", APP, "--role", "manager"]);
    await setAlertChannel(withActor(w.rt, operatorActor("test")), {
      organisation: "Partner NL",
      isOn: true,
      platform: "slack",
      workspace: "T1",
      channelId: "C123",
    });
    return w;
  }

  async cli(args: string[]): Promise<string> {
    const result = await steward(args, this.env);
    expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    return result.stdout;
  }

  create(...extra: string[]): Promise<Created> {
    return this.createFor(APP, ...extra);
  }

  async createFor(app: string, ...extra: string[]): Promise<Created> {
    const created = await this.cli(["secret", "create", "--app", app, "--as", MANAGER, "--json", ...extra]);
    return JSON.parse(created) as Created;
  }

  /** A token for `secret` at this moment (the server's pinned clock), from `address` or with oauth4webapi; then written. */
  async use(secret: Created, at: number, address?: string): Promise<void> {
    this.clock.set(new Date(at));
    if (address) await getTokenFrom(this.base, address, secret);
    else await getToken(this.base, secret);
    await this.server.lastUsed.flush();
  }

  /** `steward remind --now` at the pass's moment (or `at`); what it reported. */
  async remind(at = this.passAt): Promise<{ recorded: number }> {
    return JSON.parse(await this.cli(["remind", "--now", new Date(at).toISOString(), "--json"])) as {
      recorded: number;
    };
  }

  mailTo(email: string) {
    return this.smtp.received.filter((m) => !Array.isArray(m.to) && m.to?.text === email);
  }

  posts() {
    return this.slack.calls.filter((c) => c.method === "chat.postMessage");
  }

  async close(): Promise<void> {
    await this.server.stop();
    await this.rt.cleanup();
    await this.smtp.stop();
    await this.slack.stop();
  }
}

/**
 * A switch done: A (expiring at the pass) used at the start, then B created (with this retire choice)
 * and used an hour later; A has not been used since.
 */
async function switched(w: World, retire?: "auto") {
  const t0 = w.clock.now().getTime();
  const a = await w.create("--name", "Search A", "--expires", w.expiresOn);
  await w.use(a, t0);
  const b = await w.create("--name", "Search B", ...(retire ? ["--retire", retire] : []));
  await w.use(b, t0 + HOUR);
  return { t0, a, b };
}

describe("reminders that read the evidence of use", () => {
  let w: World;
  afterEach(async () => w.close());

  it("says a secret a system still uses is still in use, from where, that the newer was never used — to the managers and the alert channel", async () => {
    w = await World.open();
    const a = await w.create("--name", "Search A", "--expires", w.expiresOn);
    await w.use(a, w.clock.now().getTime());
    const b = await w.create("--name", "Search B");
    // A forgotten system on another host still uses A, four minutes before the pass; nothing ever used B.
    await w.use(a, w.passAt - 4 * 60_000, "127.0.0.9");

    expect((await w.remind()).recorded).toBe(3); // the manager, the contact and the alert channel
    const said = `Still in use — last used 4 minutes ago from 127.0.0.9; the newer secret ${b.hint}… has never been used.`;
    for (const to of [MANAGER, CONTACT]) {
      const [mail] = w.mailTo(to);
      expect(mail?.subject).toBe(`⚠️ Client secret ${a.hint}… of ${APP} expires in 3 days and is still in use`);
      expect(mail?.text).toContain(said);
      expect(mail?.text).toContain("Use: in use (last used 4 minutes ago from 127.0.0.9)");
      expect(mail?.text).not.toContain("Rotate now");
    }
    const [post] = w.posts();
    expect(post?.body.channel).toBe("C123");
    const posted = JSON.stringify(post?.body);
    expect(posted).toContain(said.replace(`${b.hint}…`, `\`${b.hint}…\``));
    expect(posted).not.toContain(a.value.slice(4));
    expect(posted).not.toContain(b.value.slice(4));

    // Whoever goes to delete A now is told the same before confirming.
    w.clock.set(new Date(w.passAt));
    const asked = renderText(await runCommand(await w.rt.as(MANAGER), `delete ${APP} ${a.hint}`, inConsole));
    expect(asked).toContain(
      "⚠️ It was last used 4 minutes ago from 127.0.0.9 to get a token: something still depends on it.",
    );
  });

  it("says when the newer secret was first used while a system still uses the older one (switching)", async () => {
    w = await World.open();
    const a = await w.create("--name", "Search A", "--expires", w.expiresOn);
    const b = await w.create("--name", "Search B");
    await w.use(b, w.passAt - 2 * HOUR);
    await w.use(a, w.passAt - 10 * 60_000, "127.0.0.9");

    await w.remind();
    expect(w.mailTo(MANAGER)[0]?.text).toContain(
      `Still in use — last used 10 minutes ago from 127.0.0.9; the newer secret ${b.hint}… was first used 2 hours ago.`,
    );
    expect(w.posts()).toHaveLength(1);
  });

  it("offers to delete an older secret nothing used since the newer one took over, never to rotate, and spares the alert channel", async () => {
    w = await World.open();
    const { t0, a, b } = await switched(w);

    expect((await w.remind()).recorded).toBe(2); // the manager and the contact, by e-mail only
    // The retire step asks the managers about the idle secret in the same pass (--retire ask); the
    // reminder beside it is the one about the expiry.
    const mails = w.mailTo(MANAGER);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      `⏳ ${APP}: an older secret is idle`,
      `⚠️ Client secret ${a.hint}… of ${APP} expires in 3 days (unused)`,
    ]);
    const mail = mails.find((m) => m.subject?.includes("expires in 3 days"));
    expect(mail?.text).toMatch(
      new RegExp(
        `Unused since the newer secret ${b.hint}… took over \\(last used 3\\d days ago from 127\\.0\\.0\\.1\\)`,
      ),
    );
    expect(mail?.text).toContain(`Use: unused since ${isoDate(new Date(t0))}`);
    expect(mail?.text).toContain(`nothing stops when it goes, so delete it — delete ${APP} ${a.keyId}.`);
    expect(mail?.text).toContain(`/secrets delete ${APP} ${a.keyId}`);
    expect(mail?.text).not.toMatch(/rotate/i);
    expect(w.posts()).toHaveLength(0);
  });

  it("sends no reminder for an idle older secret the bot retires itself (--retire auto)", async () => {
    w = await World.open();
    await switched(w, "auto");

    // The pass retires A before it reminds: the managers hear that, and of nothing expiring.
    expect((await w.remind()).recorded).toBe(0);
    expect(w.mailTo(MANAGER).map((m) => m.subject)).toEqual([`✅ ${APP}: older secret retired`]);
    expect(w.posts()).toHaveLength(0);
  });

  it("reminds again about an older secret of an auto rotation once it is used again", async () => {
    w = await World.open();
    const { a } = await switched(w, "auto");
    // A system comes back to A within ROTATION_IDLE_HOURS of the pass: not idle, so neither retired nor spared.
    await w.use(a, w.passAt - 60_000, "127.0.0.9");
    expect((await w.remind()).recorded).toBe(3);
    expect(w.mailTo(MANAGER)[0]?.text).toContain("Still in use — last used 1 minute ago from 127.0.0.9");
  });

  it("labels each secret in use, unused since …, or never used, in the channel digest and in expiring", async () => {
    w = await World.open();
    const t0 = w.clock.now().getTime();
    await w.cli(["app", "add", "Partner-NL-Match", "--org", "Partner NL"]);
    await w.cli(["grant", MANAGER, "--app", "Partner-NL-Match", "--role", "manager"]);
    const a = await w.create("--name", "Search A", "--expires", w.expiresOn);
    const b = await w.create("--name", "Search B", "--expires", w.expiresOn);
    const c = await w.createFor("Partner-NL-Match", "--name", "Match C", "--expires", w.expiresOn);
    await w.use(c, t0);
    await w.use(a, w.passAt - 4 * 60_000, "127.0.0.9");

    await w.remind();
    const posts = w.posts();
    expect(posts).toHaveLength(1); // one digest for the channel
    const digest = JSON.stringify(posts[0]?.body);
    expect(digest).toContain("3 client secrets");
    // Slack fields, as JSON: "*Use*\n…".
    expect(digest).toContain("*Use*\\nin use (last used 4 minutes ago from 127.0.0.9)");
    expect(digest).toContain("*Use*\\nnever used");
    expect(digest).toContain(`*Use*\\nunused since ${isoDate(new Date(t0))}`);

    w.clock.set(new Date(w.passAt));
    const listed = renderText(await runCommand(await w.rt.as(MANAGER), "expiring", inConsole));
    expect(listed).toMatch(
      new RegExp(
        `${a.hint}… Search A\\n.*Use: in use \\(last used 4 minutes ago from 127\\.0\\.0\\.9\\) · Next step: ⚠️ still in use: move every system that uses it to the newer secret ${b.hint}…`,
      ),
    );
    expect(listed).toMatch(new RegExp(`${b.hint}… Search B\\n.*Use: never used · Next step: rotate now`));
    expect(listed).toMatch(new RegExp(`${c.hint}… Match C\\n.*Use: unused since ${isoDate(new Date(t0))}`));
  });

  it("tells the managers once that a secret unused for 90 days, with no newer one, may no longer be needed", async () => {
    w = await World.open();
    const t0 = w.clock.now().getTime();
    await w.cli(["app", "add", "Partner-NL-Match", "--org", "Partner NL"]);
    await w.cli(["grant", MANAGER, "--app", "Partner-NL-Match", "--role", "manager"]);
    const a = await w.create("--name", "Search A", "--expires", "300d");
    const c = await w.createFor("Partner-NL-Match", "--name", "Match C", "--expires", "300d");
    // A third application rotated: its older secret, unused as long, has a newer one in use (the rotation speaks of it).
    await w.cli(["app", "add", "Partner-NL-Report", "--org", "Partner NL"]);
    await w.cli(["grant", MANAGER, "--app", "Partner-NL-Report", "--role", "manager"]);
    await w.createFor("Partner-NL-Report", "--name", "Report D", "--expires", "300d");
    const e = await w.createFor("Partner-NL-Report", "--name", "Report E", "--expires", "300d");
    await w.use(a, t0);
    await w.use(c, t0 + 80 * DAY); // used 11 days before the pass: not unused long enough
    await w.use(e, t0 + 85 * DAY);

    await w.remind(t0 + 91 * DAY);
    const told = () => w.smtp.received.filter((m) => m.subject?.includes("unused for 90 days"));
    expect(told().map((m) => [m.to && !Array.isArray(m.to) ? m.to.text : "", m.subject])).toEqual([
      [MANAGER, `Client secret ${a.hint}… of ${APP} unused for 90 days`],
    ]);
    expect(told()[0]?.text).toContain(
      `has not been used for 90 days (last used ${isoDate(new Date(t0))} from 127.0.0.1): it may no longer be needed.`,
    );
    expect(told()[0]?.text).toContain(`/secrets delete ${APP} ${a.keyId}`);

    await w.remind(t0 + 92 * DAY); // the next day, and the next pass: told once
    await w.remind(t0 + 171 * DAY);
    expect(told()).toHaveLength(2); // C, unused for 90 days by then; A not again
    expect(told()[1]?.subject).toBe(`Client secret ${c.hint}… of Partner-NL-Match unused for 90 days`);
  });
});
