/**
 * Webhooks end to end in one process: `steward webhook add` prints a whsec_ secret once; audit entries
 * and reminders go out as events to a real HTTP receiver, signed as the `standardwebhooks` reference
 * library verifies; a 500 and no answer are retried (first retry within a minute, the same message id);
 * a receiver that keeps failing is retried for more than a day, then reported to the administrators and
 * kept; no delivery, log line or database byte holds a secret value or the signing secret.
 */
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FetchWebhookPoster } from "../../../adapters/webhooks/fetch-poster.js";
import { deliverOutbox, type OutboxDeps } from "../../../src/outbox/deliver-outbox.js";
import { addOrganisation } from "../../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { addWebhook } from "../../../src/verbs/webhooks.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { leaksOf } from "../../helpers/secret-leaks.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { type Delivery, WebhookReceiver } from "../../helpers/webhook-receiver.js";

const ADMIN = "root@registry.org";
const headersOf = (d: Delivery) => ({
  "webhook-id": d.id,
  "webhook-timestamp": d.timestamp,
  "webhook-signature": d.signature,
});
const typeOf = (d: Delivery) => (JSON.parse(d.body) as { type: string }).type;

describe("webhooks", () => {
  let rt: TestRuntime;
  let receiver: WebhookReceiver;
  let env: Record<string, string>;
  /** The outbox as the server delivers it, with a shorter timeout so "no answer" comes sooner. */
  const deliver = () => {
    const deps: OutboxDeps = {
      ...rt,
      webhooks: { poster: new FetchWebhookPoster(2_000), pepper: rt.pepper },
      random: () => 0.5,
    };
    return deliverOutbox(deps);
  };
  const rowsOf = async () => rt.db.select().from(rt.db.t.outbox);

  beforeEach(async () => {
    // Pinned at the real time: the reference library checks the timestamp is within five minutes of it.
    rt = await testRuntime({ clock: new FixedClock(new Date()), env: { ADMIN_EMAILS: ADMIN } });
    env = { ...rt.databaseEnv, STEWARD_PEPPER: TEST_PEPPER, ADMIN_EMAILS: ADMIN };
    receiver = new WebhookReceiver();
    await receiver.start();
  });
  afterEach(async () => {
    await receiver.stop();
    await rt.cleanup();
  });

  it("signs each event as Standard Webhooks verifies it, sends audit entries and reminders that match, and never a secret", async () => {
    const added = await steward(["webhook", "add", receiver.url, "--events", "secret.*,grant.*", "--json"], env);
    expect(added.code, added.stderr).toBe(0);
    const hook = JSON.parse(added.stdout) as { id: number; secret: string; events: string[] };
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(hook.events).toEqual(["secret.*", "grant.*"]);

    // Secrets made 60 days ago, one expiring two days from now: its reminder is due today.
    const today = rt.clock.now();
    rt.clock.advance(-60 * 86_400_000);
    const createdAt = rt.clock.now().toISOString();
    await seedPartner(rt.operator); // organisation.added, application.added (not asked for), grant.added
    const ann = await rt.as(MANAGER);
    const soon = await createClientSecret(ann, { application: "Partner-NL-Search", expires: "62d" });
    const later = await createClientSecret(ann, { application: "Partner-NL-Search", displayName: "Later" });
    rt.clock.set(today);
    // The pass records a reminder for the secret expiring in two days, and delivers the outbox too.
    const pass = await steward(["remind"], env);
    expect(pass.code, pass.stderr).toBe(0);
    expect(pass.stdout).toMatch(/Notices and webhook events: sent \d+, retrying 0, failed 0/);

    const verifier = new Webhook(hook.secret);
    const events = receiver.deliveries.map((d) => {
      expect(d.status).toBe(204);
      return verifier.verify(d.body, headersOf(d)) as {
        type: string;
        timestamp: string;
        data: Record<string, unknown>;
      };
    });
    const types = events.map((e) => e.type);
    expect(new Set(types)).toEqual(new Set(["grant.added", "secret.created", "secret.expiring"]));
    expect(types.filter((t) => t === "secret.created")).toHaveLength(2);
    expect(new Set(receiver.deliveries.map((d) => d.id)).size).toBe(receiver.deliveries.length);

    const created = events.find((e) => e.type === "secret.created" && JSON.stringify(e.data).includes(soon.hint));
    expect(created?.data).toMatchObject({
      actor: MANAGER,
      application: "Partner-NL-Search",
      clientId: soon.clientId,
      organisation: "Partner NL",
    });
    expect(created?.timestamp).toBe(createdAt);
    const expiring = events.find((e) => e.type === "secret.expiring");
    expect(expiring?.data).toMatchObject({
      hint: soon.hint,
      application: "Partner-NL-Search",
      clientId: soon.clientId,
    });
    expect(expiring?.data.threshold).toMatch(/^\d+d$/);

    for (const d of receiver.deliveries) {
      for (const value of [soon.value, later.value, hook.secret]) expect(d.body).not.toContain(value);
    }
    expect(await leaksOf(rt, [soon.value, later.value, hook.secret], pass.stdout + pass.stderr)).toEqual([]);

    // A second pass plans the same reminder again: no second event.
    await steward(["remind"], env);
    expect(receiver.deliveries.filter((d) => typeOf(d) === "secret.expiring")).toHaveLength(1);

    const listed = await steward(["webhook", "list", "--json"], env);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: hook.id, url: receiver.url, failingSince: null }]);
    expect(listed.stdout).not.toContain("whsec_");
    const removed = await steward(["webhook", "remove", String(hook.id)], env);
    expect(removed.stdout).toContain(`✅ Webhook ${hook.id}`);
    expect((await steward(["webhook", "list"], env)).stdout).toContain("No webhooks.");
  });

  it("retries after a 500 and after no answer, the first retry within a minute, with the same message id", async () => {
    await addWebhook(rt.operator, { url: receiver.url, events: ["organisation.*"] }, rt.pepper);
    receiver.next(500, "hang");
    await addOrganisation(rt.operator, { name: "Retried Org" });
    const [first] = (await rowsOf()).filter((r) => r.type === "organisation.added");

    expect(await deliver()).toMatchObject({ sent: 0, retrying: 1 });
    let [row] = (await rowsOf()).filter((r) => r.id === first?.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "webhook: HTTP 500" });
    expect(row!.nextAttemptAt.getTime() - rt.clock.now().getTime()).toBeLessThanOrEqual(60_000);

    rt.clock.advance(60_000);
    expect(await deliver()).toMatchObject({ sent: 0, retrying: 1 }); // held: no answer within the timeout
    [row] = (await rowsOf()).filter((r) => r.id === first?.id);
    expect(row).toMatchObject({ status: "pending", attempts: 2, lastError: "webhook: no answer within 2 s" });
    expect(row!.nextAttemptAt.getTime() - rt.clock.now().getTime()).toBeGreaterThan(4 * 60_000);

    rt.clock.set(row!.nextAttemptAt);
    expect(await deliver()).toMatchObject({ sent: 1, retrying: 0 });
    const tries = receiver.deliveries.filter((d) => typeOf(d) === "organisation.added");
    expect(tries.map((d) => d.status)).toEqual([500, undefined, 204]);
    expect(new Set(tries.map((d) => d.id)).size).toBe(1);
    expect(await deliver()).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
  });

  it("retries a failing receiver for more than a day, then tells the administrators and keeps the webhook", async () => {
    const hook = await addWebhook(rt.operator, { url: receiver.url, events: ["organisation.*"] }, rt.pepper);
    receiver.normally = 503;
    const start = rt.clock.now().getTime();
    await addOrganisation(rt.operator, { name: "Unlucky Org" });
    const attempts: number[] = [];
    for (let i = 0; i < 20; i++) {
      attempts.push(rt.clock.now().getTime());
      await deliver();
      const [row] = await rowsOf();
      if (row?.status !== "pending") break;
      rt.clock.set(row.nextAttemptAt);
    }
    const [row] = await rowsOf();
    expect(row).toMatchObject({ status: "failed", attempts: 8, lastError: "gave up: webhook: HTTP 503" });
    expect((attempts[1] ?? 0) - start).toBeLessThanOrEqual(60_000);
    expect((attempts.at(-1) ?? 0) - start).toBeGreaterThan(24 * 3_600_000);

    // Told by e-mail (printed here, as SMTP_URL is unset), once, in the same run.
    const told = rt.printed.join("").split(`Webhook ${hook.id} (${receiver.url}) keeps failing`).length - 1;
    expect(told).toBe(1);
    const listed = await steward(["webhook", "list"], env);
    expect(listed.stdout).toContain("⚠️ failing since");
    const status = await steward(["remind", "--status"], env);
    expect(status.stdout).toContain(`failed (8 attempt(s)): webhook organisation.added → ${receiver.url} — gave up`);

    // Still subscribed: the next event goes out, and the webhook counts as working again.
    receiver.normally = 204;
    await addOrganisation(rt.operator, { name: "Lucky Org" });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect((await steward(["webhook", "list"], env)).stdout).toContain("✅ working");
  });

  it("takes only https:// targets (http:// on this machine) and known events, and says what to do", async () => {
    const plain = await steward(["webhook", "add", "http://siem.example.org/hook"], env);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain("webhooks go only to https:// addresses");
    const typo = await steward(["webhook", "add", "https://siem.example.org/hook", "--events", "secrets.*"], env);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('No event is called "secrets.*"');
    for (const local of ["http://localhost:9/x", "http://[::1]:9/x", "https://siem.example.org/hook"]) {
      expect((await steward(["webhook", "add", local], env)).code).toBe(0);
    }
    const missing = await steward(["webhook", "remove", "99"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("There is no webhook 99");
    expect((await steward(["webhook", "remove", "abc"], env)).code).toBe(2);
  });
});
