/**
 * Retiring with several processes on one PostgreSQL database. Two `steward start` replicas: a client
 * system's uses of A on one replica and of B on the other both count (each replica writes its own, at
 * shutdown here); once A is idle, both replicas run a reminder pass every second, and A is retired once
 * and its manager told once. A `steward remind` process killed (SIGKILL) while Graph holds its
 * removePassword request leaves no half-retired rotation: the secret, its rotation and the audit are as
 * before, and the next pass retires it. Nothing here pauses: the test waits on mail, logs and requests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Ctx } from "../../src/context.js";
import { addApplication } from "../../src/verbs/add-application.js";
import { addOrganisation } from "../../src/verbs/add-organisation.js";
import { createClientSecret } from "../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../src/verbs/grant-access.js";
import { FakeGraph } from "../fakes/fake-graph.js";
import { FixedClock } from "../fakes/fixed-clock.js";
import { Arrivals } from "../helpers/arrivals.js";
import { BIN, cliEnv, ROOT, startedReplica, stewardProcess } from "../helpers/cli.js";
import { TEST_PEPPER } from "../helpers/config.js";
import { freePort } from "../helpers/http.js";
import { type TestRuntime, testRuntime } from "../helpers/runtime.js";
import { TestSmtp } from "../helpers/smtp.js";
import { clientCredentials } from "../helpers/token-client.js";

const HOUR = 3_600_000;
const APP = "Replica-Rotation";
const RITA = "rita@partner.test";

const events = new Arrivals();

type Replica = { name: string; base: string; child: ChildProcess; passes: () => number };

async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  return { name, ...(await startedReplica(env, events)) };
}

/** Stops a replica as an orchestrator does (SIGTERM): it writes the uses it holds, then exits. */
const stopReplica = (r: Replica) =>
  new Promise<void>((resolve) => {
    if (r.child.exitCode !== null || r.child.signalCode !== null) return resolve();
    r.child.once("exit", () => resolve());
    r.child.kill("SIGTERM");
  });

describe("retiring with two replicas on one PostgreSQL database", () => {
  let rt: TestRuntime;
  let smtp: TestSmtp;
  let env: Record<string, string>;
  let replicas: Replica[] = [];

  beforeEach(async () => {
    rt = await testRuntime({ clock: new FixedClock(new Date(Date.now() - 2 * HOUR)) });
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    await addOrganisation(rt.operator, { name: "Replica Org" });
    await addApplication(rt.operator, { name: APP, organisation: "Replica Org", apis: ["search"] });
    await grantAccess(rt.operator, { email: RITA, target: { kind: "application", ref: APP }, role: "manager" });
    env = { ...rt.databaseEnv, STEWARD_PEPPER: TEST_PEPPER, SMTP_URL: smtp.url, REMINDER_CRON: "* * * * * *" };
  });
  afterEach(async () => {
    for (const r of replicas) r.child.kill("SIGKILL");
    replicas = [];
    await smtp.stop();
    await rt.cleanup();
  });

  it("counts uses recorded on either replica, and two replicas' passes retire once and tell once", async () => {
    const rita: Ctx = await rt.as(RITA);
    const a = await createClientSecret(rita, { application: APP, displayName: "Search A" });
    const b = await createClientSecret(rita, { application: APP, displayName: "Search B", retire: "auto" });
    replicas = await Promise.all([startReplica("a", env), startReplica("b", env)]);
    const [one, two] = replicas as [Replica, Replica];
    expect(await clientCredentials(one.base, a)).toHaveProperty("token");
    expect(await clientCredentials(two.base, b)).toHaveProperty("token");
    await Promise.all(replicas.map(stopReplica));
    const { clientSecrets, auditEntries, rotations } = rt.db.t;
    const evidence = await rt.db
      .select({ keyId: clientSecrets.keyId, first: clientSecrets.firstUsedAt, last: clientSecrets.lastUsedAt })
      .from(clientSecrets);
    expect(evidence.find((e) => e.keyId === a.keyId)?.last).toBeInstanceOf(Date); // written by replica a
    expect(evidence.find((e) => e.keyId === b.keyId)?.first).toBeInstanceOf(Date); // written by replica b
    expect(smtp.received).toEqual([]); // switching while they ran: nothing retired

    // A day passes without a use of A: the evidence moves back 25 hours in one statement.
    const back = sql`interval '25 hours'`;
    await rt.db.transaction((tx) =>
      tx
        .update(clientSecrets)
        .set({
          firstUsedAt: sql`${clientSecrets.firstUsedAt} - ${back}`,
          lastUsedAt: sql`${clientSecrets.lastUsedAt} - ${back}`,
        })
        .where(sql`${clientSecrets.lastUsedAt} is not null`),
    );
    replicas = await Promise.all([startReplica("a", env), startReplica("b", env)]);
    await smtp.arrivals.until(
      () => smtp.received[0],
      20_000,
      () => "no mail arrived",
    );
    // More passes on both replicas after the one that retired, each of which would retire and tell again.
    const from = replicas.map((r) => r.passes());
    await events.until(
      () => replicas.every((r, i) => r.passes() >= (from[i] ?? 0) + 2) || undefined,
      20_000,
      () => "too few reminder passes",
    );
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.subject).toBe(`✅ ${APP}: older secret retired`);
    const retired = await rt.db.select().from(auditEntries).where(eq(auditEntries.action, "secret.retired"));
    expect(retired.map((e) => (e.detail as { keyId: string }).keyId)).toEqual([a.keyId]);
    const [rotation] = await rt.db.select().from(rotations);
    expect(rotation?.retiredAt).toBeInstanceOf(Date);
    for (const r of replicas) {
      await expect
        .poll(() => clientCredentials(r.base, a), { timeout: 2000, interval: 20 })
        .toEqual({ error: "invalid_client" });
      expect(await clientCredentials(r.base, b)).toHaveProperty("token");
    }
  }, 90_000);
});

describe("a reminder pass killed while retiring", () => {
  let graph: FakeGraph;
  let rt: TestRuntime;

  beforeEach(async () => {
    graph = await FakeGraph.start(new FixedClock());
    rt = await testRuntime({ env: graph.env(), clock: new FixedClock(new Date(Date.now() - 30 * HOUR)) });
  });
  afterEach(async () => {
    await rt.cleanup();
    await graph.close();
  });

  it("leaves no half-retired rotation when killed mid-pass (SIGKILL), and the next pass finishes it", async () => {
    const registration = graph.addApplication(APP);
    await addOrganisation(rt.operator, { name: "Replica Org" });
    await addApplication(rt.operator, {
      name: APP,
      organisation: "Replica Org",
      clientId: registration.appId,
      providerRef: registration.id,
    });
    await grantAccess(rt.operator, { email: RITA, target: { kind: "application", ref: APP }, role: "manager" });
    const rita = await rt.as(RITA);
    const a = await createClientSecret(rita, { application: APP, displayName: "Search A" });
    const b = await createClientSecret(rita, { application: APP, displayName: "Search B", retire: "auto" });
    graph.directory.signIns.set(a.keyId, new Date(Date.now() - 29 * HOUR));
    graph.directory.signIns.set(b.keyId, new Date(Date.now() - 28 * HOUR));

    // Graph holds the first removePassword request without an answer: the pass waits there, mid-transaction.
    const held = new Arrivals();
    const fake = graph as unknown as { handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> };
    const handle = fake.handle.bind(graph);
    let isHolding = true;
    fake.handle = async (req, res) => {
      if (isHolding && req.url?.endsWith("/removePassword")) {
        isHolding = false;
        held.arrived();
        return;
      }
      return handle(req, res);
    };
    const env = { ...rt.databaseEnv, ...graph.env(), STEWARD_PEPPER: TEST_PEPPER };
    const pass = spawn(process.execPath, [BIN, "remind"], { cwd: ROOT, env: cliEnv(env) });
    await held.until(
      () => (isHolding ? undefined : true),
      45_000,
      () => "the pass never asked to remove the secret",
    );
    const exited = new Promise((resolve) => pass.once("exit", resolve));
    pass.kill("SIGKILL");
    await exited;

    const { clientSecrets, auditEntries, rotations, outbox } = rt.db.t;
    const rows = async () => (await rt.db.select().from(clientSecrets)).map((s) => s.keyId).sort();
    expect(await rows()).toEqual([a.keyId, b.keyId].sort());
    expect((await rt.db.select().from(rotations))[0]?.retiredAt).toBeNull();
    expect(await rt.db.select().from(auditEntries).where(eq(auditEntries.action, "secret.retired"))).toEqual([]);
    expect(await rt.db.select().from(outbox).where(eq(outbox.type, "rotation.retired"))).toEqual([]);
    expect(registration.passwordCredentials).toHaveLength(2);

    // PostgreSQL frees the killed pass's lease when it notices the connection is gone; until then a pass is skipped.
    let next = await stewardProcess(["remind", "--json"], env);
    for (let attempt = 0; next.code !== 0 && attempt < 10; attempt++) {
      expect(next.stderr).toContain("another reminder pass is running");
      next = await stewardProcess(["remind", "--json"], env);
    }
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout).rotations).toEqual({ asked: 0, retired: 1, failed: 0 });
    expect(await rows()).toEqual([b.keyId]);
    expect(registration.passwordCredentials.map((c) => c.keyId)).toEqual([b.keyId]);
    const retired = await rt.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, "secret.retired"), eq(auditEntries.target, APP)));
    expect(retired).toHaveLength(1);
    expect(await rt.db.select().from(outbox).where(eq(outbox.type, "rotation.retired"))).toHaveLength(1);
  }, 90_000);
});
