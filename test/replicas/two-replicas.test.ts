/**
 * Two `steward start` replicas on one PostgreSQL database, as an organisation runs them behind a load
 * balancer: tokens from both; a deletion asked on one replica and confirmed on the other, seen by both
 * token endpoints within a second; ten failed logins in total (not per replica) trigger the limit; two
 * replicas running reminder passes every second deliver each reminder once; and when the replica
 * holding the reminder lease is killed mid-delivery, the other finishes the pass; webhook events go out
 * within ten seconds, each once per subscription, though both replicas deliver the outbox. Nothing here pauses:
 * the test waits for mail to arrive and for the passes each replica logs as done.
 */
import type { ChildProcess } from "node:child_process";
import { request } from "node:http";
import { eq } from "drizzle-orm";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Ctx } from "../../src/context.js";
import { addApplication } from "../../src/verbs/add-application.js";
import { addOrganisation } from "../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../src/verbs/grant-access.js";
import { addWebhook } from "../../src/verbs/webhooks.js";
import { FakeSlackWebApi } from "../fakes/fake-slack-web-api.js";
import { FixedClock } from "../fakes/fixed-clock.js";
import { Arrivals } from "../helpers/arrivals.js";
import { startedReplica } from "../helpers/cli.js";
import { TEST_PEPPER } from "../helpers/config.js";
import { basic, FORM, freePort } from "../helpers/http.js";
import { type TestRuntime, testRuntime } from "../helpers/runtime.js";
import { MANAGER } from "../helpers/seed.js";
import { ANN, SIGNING_SECRET, type SlackSetup } from "../helpers/slack.js";
import { buttonsIn } from "../helpers/slack-blocks.js";
import { click, slash } from "../helpers/slack-payloads.js";
import { WebhookReceiver } from "../helpers/webhook-receiver.js";

const DAY = 86_400_000;
const APP = "Replica-Search";

type Replica = { name: string; base: string; child: ChildProcess; slack: SlackSetup; passes: () => number };
type Delivered = { from: string; to: string; mail: ParsedMail };

/** Mail delivered and reminder passes finished: what the tests below wait on. */
const events = new Arrivals();

/** A real SMTP server that records which replica (by MAIL FROM) delivered what, and can hang one message. */
class ReplicaSmtp {
  readonly delivered: Delivered[] = [];
  /** Set to hang the next message; resolves with the sender that got stuck. */
  private hang: ((from: string) => void) | undefined;
  private server: SMTPServer | undefined;
  port = 0;

  hangNext(): Promise<string> {
    return new Promise((resolve) => {
      this.hang = resolve;
    });
  }

  async start(): Promise<void> {
    this.port = await freePort();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        const to = session.envelope.rcptTo.map((r) => r.address).join(",");
        if (this.hang) {
          const stuck = this.hang;
          this.hang = undefined;
          stream.resume();
          stuck(from);
          return; // never answers: the sender is killed while it waits
        }
        simpleParser(stream)
          .then((mail) => {
            this.delivered.push({ from, to, mail });
            events.arrived();
            callback();
          })
          .catch(callback);
      },
    });
    // A sender killed mid-message resets its connection; that is what the test does on purpose.
    this.server.on("error", () => {});
    await new Promise<void>((resolve) => this.server?.listen(this.port, "127.0.0.1", () => resolve()));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function startReplica(name: string, env: Record<string, string>, fake: FakeSlackWebApi, rt: TestRuntime) {
  const mailFrom = { MAIL_FROM: `Steward ${name} <${name}@steward.test>` };
  const { base, child, passes } = await startedReplica({ ...env, ...mailFrom }, events, "http://steward.test");
  const slack = { base, fake, rt, server: undefined as never, stop: async () => {} } as SlackSetup;
  return { name, base, child, slack, passes } satisfies Replica;
}

/** The token endpoint's status for these credentials, asked from `from` (any 127.x address is this host). */
function tokenStatus(replica: Replica, clientId: string, secret: string, from = "127.0.0.1"): Promise<number> {
  const body = "grant_type=client_credentials";
  return new Promise((resolve, reject) => {
    const req = request(
      `${replica.base}/oauth2/token`,
      {
        method: "POST",
        localAddress: from,
        headers: { ...FORM, authorization: basic(clientId, secret), "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Mail delivered to `to` so far. */
const mailTo = (smtp: ReplicaSmtp, to: string) => smtp.delivered.filter((d) => d.to === to);

/** Waits for the first mail to `to`. */
const firstMailTo = (smtp: ReplicaSmtp, to: string, timeoutMs: number) =>
  events.until(
    () => mailTo(smtp, to)[0],
    timeoutMs,
    () => `no mail to ${to} within ${timeoutMs} ms`,
  );

/**
 * Waits until each replica named has finished that many more reminder passes than it had at the call:
 * passes that ran after what the test just saw, and would have delivered again had that been possible.
 */
function finishedPasses(more: Array<[Replica, number]>): Promise<true> {
  const from = new Map(more.map(([r]) => [r, r.passes()]));
  const isDone = () => more.every(([r, n]) => r.passes() >= (from.get(r) ?? 0) + n);
  const counts = () => more.map(([r]) => `${r.name}: ${r.passes() - (from.get(r) ?? 0)} more`).join(", ");
  return events.until(
    () => isDone() || undefined,
    20_000,
    () => `too few reminder passes (${counts()})`,
  );
}

describe("two replicas on one PostgreSQL database", () => {
  let rt: TestRuntime;
  let ann: Ctx;
  let fake: FakeSlackWebApi;
  let smtp: ReplicaSmtp;
  let env: Record<string, string>;
  let replicas: Replica[] = [];

  /** Secrets created 60 days before now that expire in 5 days: each has one reminder due now. */
  /**
   * `count` secrets that come due together: created far from expiry, then brought within the reminder
   * window in one statement, so a pass (both replicas run one every second) sees all of them or none.
   */
  async function dueSecrets(app: string, managers: string[], count: number) {
    const added = await addApplication(rt.operator, { name: app, organisation: "Replica Org", apis: ["search"] });
    for (const email of managers) {
      await grantAccess(rt.operator, { email, target: { kind: "application", ref: app }, role: "manager" });
    }
    const hints: string[] = [];
    const creator = await rt.as(managers[0] ?? MANAGER);
    for (let i = 0; i < count; i++) {
      hints.push((await createClientSecret(creator, { application: app, expires: "365d" })).hint);
    }
    const { clientSecrets } = rt.db.t;
    const due = new Date(Date.now() + 5 * DAY);
    await rt.db.transaction((tx) =>
      tx.update(clientSecrets).set({ expiresAt: due }).where(eq(clientSecrets.applicationId, added.id)),
    );
    return hints;
  }

  beforeAll(async () => {
    // The runtime the test seeds with lives 60 days in the past, so secrets can have a history.
    rt = await testRuntime({ clock: new FixedClock(new Date(Date.now() - 60 * DAY)) });
    await addOrganisation(rt.operator, { name: "Replica Org" });
    await addApplication(rt.operator, { name: APP, organisation: "Replica Org", apis: ["search"] });
    await grantAccess(rt.operator, { email: MANAGER, target: { kind: "application", ref: APP }, role: "manager" });
    ann = await rt.as(MANAGER);
    fake = new FakeSlackWebApi().addUser(ANN, { email: MANAGER, name: "Ann de Vries" });
    await fake.start();
    smtp = new ReplicaSmtp();
    await smtp.start();
    env = {
      ...rt.databaseEnv,
      STEWARD_PEPPER: TEST_PEPPER,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-0000000000-0000000000000-fakefakefakefakefakefake",
      SLACK_API_URL: fake.apiUrl,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      REMINDER_CRON: "* * * * * *",
    };
    replicas = await Promise.all([startReplica("a", env, fake, rt), startReplica("b", env, fake, rt)]);
  }, 60_000);

  // Every test starts with both replicas running: one killed by an earlier test is started again.
  beforeEach(async () => {
    const isAlive = ({ child }: Replica) => !child.killed && child.exitCode === null && child.signalCode === null;
    replicas = await Promise.all(replicas.map((r) => (isAlive(r) ? r : startReplica(r.name, env, fake, rt))));
  }, 60_000);

  afterAll(async () => {
    for (const r of replicas) r.child.kill("SIGKILL");
    await smtp?.stop();
    await fake?.stop();
    await rt?.cleanup();
  });

  const [a, b] = [() => replicas[0] as Replica, () => replicas[1] as Replica];

  it("issues tokens from both replicas for a secret created elsewhere", async () => {
    const secret = await createClientSecret(ann, { application: APP });
    expect(await tokenStatus(a(), secret.clientId, secret.value)).toBe(200);
    expect(await tokenStatus(b(), secret.clientId, secret.value)).toBe(200);
  });

  it("deletes once when asked on one replica and confirmed on the other, and both refuse the secret within a second", async () => {
    const secret = await createClientSecret(ann, { application: APP, displayName: "Across replicas" });
    for (const r of replicas) expect(await tokenStatus(r, secret.clientId, secret.value)).toBe(200);
    const question = await (await slash(a().slack, ANN, `delete ${APP} ${secret.hint}`)).answer();
    const yes = buttonsIn(question.blocks).find((button) => button.value.startsWith("confirm "));
    expect(yes).toBeDefined();
    const done = await (await click(b().slack, ANN, yes?.value ?? "")).answer();
    expect(done.text).toContain("✅ Deleted secret");
    const seenIn = await Promise.all(
      replicas.map(async (r) => {
        const started = performance.now();
        const refused = () => tokenStatus(r, secret.clientId, secret.value, "127.0.0.2");
        await expect.poll(refused, { timeout: 1_000, interval: 20 }).toBe(401);
        return performance.now() - started;
      }),
    );
    expect(Math.max(...seenIn)).toBeLessThan(1_000);
    const again = await (await click(a().slack, ANN, yes?.value ?? "")).answer();
    expect(again.text).not.toContain("✅ Deleted secret");
    const { auditEntries } = rt.db.t;
    const deletions = (await rt.db.select().from(auditEntries)).filter(
      (e) => e.action === "secret.deleted" && (e.detail as { keyId?: string }).keyId === secret.keyId,
    );
    expect(deletions).toHaveLength(1);
  });

  /** A fresh application, so no earlier test's failures count against its clientId. */
  async function freshClient(name: string) {
    await addApplication(rt.operator, { name, organisation: "Replica Org", apis: ["search"] });
    await grantAccess(rt.operator, { email: MANAGER, target: { kind: "application", ref: name }, role: "manager" });
    return createClientSecret(ann, { application: name });
  }

  it("counts failed logins for one client across replicas: ten in total from ten addresses trigger the limit", async () => {
    const secret = await freshClient("Replica-Guessed");
    const wrong = `${secret.value.slice(0, -6)}000000`;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(await tokenStatus(i % 2 === 0 ? a() : b(), secret.clientId, wrong, `127.0.1.${i + 1}`));
    }
    expect(statuses).toEqual(Array(10).fill(401));
    // Each replica has seen five, each address one; together the client has ten, so the next failure is refused.
    expect(await tokenStatus(a(), secret.clientId, wrong, "127.0.1.100")).toBe(429);
    expect(await tokenStatus(b(), secret.clientId, wrong, "127.0.1.101")).toBe(429);
    // The right secret is still served: the attack slows the attacker, not the client.
    expect(await tokenStatus(b(), secret.clientId, secret.value, "127.0.1.200")).toBe(200);
  });

  it("counts failed logins from one address across replicas: after ten, the next is refused on both", async () => {
    const secret = await freshClient("Replica-Guessed-From-One");
    const wrong = `${secret.value.slice(0, -6)}000000`;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(await tokenStatus(i % 2 === 0 ? a() : b(), secret.clientId, wrong, "127.0.2.1"));
    expect(statuses).toEqual(Array(10).fill(401));
    expect(await tokenStatus(a(), secret.clientId, wrong, "127.0.2.1")).toBe(429);
    expect(await tokenStatus(b(), secret.clientId, wrong, "127.0.2.1")).toBe(429);
  });

  it("runs reminder passes on both replicas every second and still delivers each reminder once", async () => {
    const hints = await dueSecrets("Replica-Reminders", ["rita@partner.test"], 3);
    const first = await firstMailTo(smtp, "rita@partner.test", 15_000);
    // Several more passes on both replicas; the one that delivered may log itself done only now, so its replica needs two.
    await finishedPasses(replicas.map((r) => [r, first.from.startsWith(`${r.name}@`) ? 2 : 1]));
    const toRita = mailTo(smtp, "rita@partner.test");
    expect(toRita).toHaveLength(1);
    for (const hint of hints) expect(toRita[0]?.mail.text ?? "").toContain(hint);
  });

  it("finishes the pass on the other replica when the one holding the reminder lease is killed mid-delivery", async () => {
    const stuck = smtp.hangNext();
    await dueSecrets("Replica-Killed", ["kim@partner.test", "kai@partner.test"], 2);
    const holder = await stuck;
    const victim = replicas.find((r) => holder.startsWith(`${r.name}@`));
    const survivor = replicas.find((r) => r !== victim);
    expect(victim).toBeDefined();
    victim?.child.kill("SIGKILL");
    for (const to of ["kim@partner.test", "kai@partner.test"]) await firstMailTo(smtp, to, 20_000);
    // Two more passes on the survivor (the first may be the one that just delivered), which would deliver again.
    await finishedPasses([[survivor!, 2]]);
    for (const to of ["kim@partner.test", "kai@partner.test"]) {
      const mails = mailTo(smtp, to);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.from).toBe(`${survivor?.name}@steward.test`);
    }
  }, 40_000);

  it("delivers each webhook event once per subscription within ten seconds, though both replicas deliver", async () => {
    const receiver = new WebhookReceiver();
    await receiver.start();
    try {
      for (const path of ["/one", "/two"]) {
        await addWebhook(rt.operator, { url: `${receiver.url}${path}`, events: ["organisation.*"] }, rt.pepper);
      }
      const started = Date.now();
      for (let i = 0; i < 6; i++) await addOrganisation(rt.operator, { name: `Webhook Org ${i}` });
      await receiver.until(() => (receiver.accepted().length >= 12 ? true : undefined), 15_000);
      expect(Date.now() - started).toBeLessThan(10_000);
      // Every row marked sent: nothing is left that either replica could deliver again.
      const undelivered = async () =>
        (await rt.db.select().from(rt.db.t.outbox)).filter((r) => r.kind === "webhook" && r.status !== "sent").length;
      await expect.poll(undelivered, { timeout: 5_000, interval: 50 }).toBe(0);
      expect(receiver.deliveries).toHaveLength(12);
      const pairs = receiver.deliveries.map((d) => `${d.path} ${d.id}`);
      expect(new Set(pairs).size).toBe(12);
      for (const path of ["/hooks/steward/one", "/hooks/steward/two"]) {
        expect(receiver.deliveries.filter((d) => d.path === path)).toHaveLength(6);
      }
    } finally {
      await receiver.stop();
    }
  });
});
