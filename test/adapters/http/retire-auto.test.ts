/**
 * Retiring with `--retire auto` on the built-in provider, through the real entry points: a client system
 * (oauth4webapi) uses secret A, the manager rotates with `--retire auto`, the system switches to B, and
 * `steward remind --now` passes retire A once it is idle: audited as `secret.retired` with the evidence
 * (and so a webhook event), the managers told once by e-mail (a real SMTP server), B still working and A
 * answered `invalid_client`. Two systems, one on each secret, keep the rotation `switching`: nothing is
 * retired, however many passes run.
 */
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Server, startServer } from "../../../adapters/root/server.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { basic, FORM, form, freePort, postFrom } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { TestSmtp } from "../../helpers/smtp.js";
import { clientCredentials } from "../../helpers/token-client.js";

const HOUR = 3_600_000;
const APP = "Partner-NL-Search";
const MANAGER = "ann@partner-nl.org";
const T0 = Date.parse("2026-11-26T10:00:00Z");
const at = (hours: number) => new Date(T0 + hours * HOUR);

type Created = { value: string; keyId: string; hint: string; clientId: string };

describe("retiring an idle older secret with --retire auto (built-in provider)", () => {
  let rt: TestRuntime;
  let server: Server;
  let smtp: TestSmtp;
  let base: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    smtp = new TestSmtp(await freePort());
    await smtp.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const own = {
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: base,
      STEWARD_PEPPER: TEST_PEPPER,
      SMTP_URL: smtp.url,
    };
    rt = await testRuntime({ env: own, clock: new FixedClock(at(0)) });
    server = await startServer(rt);
    env = { ...own, ...rt.databaseEnv };
    await cli("org", "add", "Partner NL");
    await cli("app", "add", APP, "--org", "Partner NL", "--api", "search");
    await cli("grant", MANAGER, "--app", APP, "--role", "manager");
  });
  afterEach(async () => {
    await server.stop();
    await rt.cleanup();
    await smtp.stop();
  });

  async function cli(...args: string[]): Promise<string> {
    const result = await steward(args, env);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  }
  const create = async (...extra: string[]) =>
    JSON.parse(await cli("secret", "create", "--app", APP, "--as", MANAGER, "--json", ...extra)) as Created;
  const remindAt = (hours: number) => cli("remind", "--now", at(hours).toISOString(), "--json");
  const use = async (secret: Created) => {
    expect(await clientCredentials(base, secret)).toHaveProperty("token");
    await server.lastUsed.flush();
  };
  /** Another system, on another host. */
  const useFrom = async (address: string, secret: Created) => {
    const headers = { ...FORM, authorization: basic(secret.clientId, secret.value) };
    expect(
      (await postFrom(`${base}/oauth2/token`, address, headers, form({ grant_type: "client_credentials" }))).status,
    ).toBe(200);
    await server.lastUsed.flush();
  };
  const retiredEntries = () =>
    rt.db.select().from(rt.db.t.auditEntries).where(eq(rt.db.t.auditEntries.action, "secret.retired"));

  it("deletes the idle older secret, audits it with the evidence, tells the managers once; B works, A is refused", async () => {
    await cli("webhook", "add", "https://hooks.partner-nl.org/steward", "--events", "secret.*");
    const a = await create("--name", "Search A");
    await use(a);
    rt.clock.set(at(1));
    const b = await create("--name", "Search B", "--retire", "auto");
    await use(b);

    expect(JSON.parse(await remindAt(24)).rotations).toEqual({ asked: 0, retired: 0, failed: 0 }); // switching
    // A dry run at the moment A is idle says what the pass would do, and deletes nothing.
    const dry = (...flags: string[]) => cli("remind", "--dry-run", "--now", at(25).toISOString(), ...flags);
    expect(JSON.parse(await dry("--json")).rotations).toEqual([
      { application: APP, action: "retire", olders: [a.hint], idleSince: at(25).toISOString() },
    ]);
    expect(await dry()).toContain(`• retire: ${APP} ${a.hint}… (idle), deleted by the bot, its managers told`);
    expect(await retiredEntries()).toEqual([]);
    expect(JSON.parse(await remindAt(25)).rotations).toEqual({ asked: 0, retired: 1, failed: 0 });
    expect(JSON.parse(await remindAt(26)).rotations).toEqual({ asked: 0, retired: 0, failed: 0 });

    const [entry, ...more] = await retiredEntries();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actor: "system", action: "secret.retired", target: APP });
    expect(entry?.detail).toEqual({
      keyId: a.keyId,
      hint: a.hint,
      displayName: "Search A",
      expiresOn: expect.any(String),
      lastUsedAt: at(0).toISOString(),
      lastUsedFrom: "127.0.0.1",
      idleHours: 24,
      newer: { keyId: b.keyId, hint: b.hint, firstUsedAt: at(1).toISOString(), lastUsedAt: at(1).toISOString() },
    });
    const { outbox } = rt.db.t;
    const events = await rt.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, "webhook"), eq(outbox.type, "secret.retired")));
    expect(events).toHaveLength(1);
    expect(JSON.stringify([entry, events])).not.toContain(a.value);

    await smtp.arrivals.until(
      () => smtp.received[0],
      5000,
      () => "no mail arrived",
    );
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.subject).toBe(`✅ ${APP}: older secret retired`);
    expect(smtp.received[0]?.text).toContain(`the bot deleted ${a.hint}… (Search A), unused for 24 hours or more`);

    await expect
      .poll(() => clientCredentials(base, a), { timeout: 2000, interval: 20 })
      .toEqual({ error: "invalid_client" });
    expect(await clientCredentials(base, b)).toHaveProperty("token");
    const listed = JSON.parse(await cli("rotation", "list", "--app", APP, "--now", at(26).toISOString(), "--json"));
    expect(listed.rotations[0]).toMatchObject({ state: "done", older: [] });
    expect(await cli("rotation", "list", "--app", APP, "--now", at(26).toISOString())).toContain("Rotation done");
  });

  it("retires nothing while two systems use A and B, nor while one keeps using A", async () => {
    const a = await create("--name", "Search A");
    await use(a);
    rt.clock.set(at(1));
    const b = await create("--name", "Search B", "--retire", "auto");
    await use(b); // the first system moved to B; a second, forgotten one still uses A
    for (const hours of [2, 20, 40, 60]) {
      rt.clock.set(at(hours));
      await useFrom("127.0.0.9", a);
      await use(b);
      expect(JSON.parse(await remindAt(hours + 1)).rotations).toEqual({ asked: 0, retired: 0, failed: 0 });
    }
    const rotation = JSON.parse(await cli("rotation", "list", "--now", at(61).toISOString(), "--json")).rotations[0];
    expect(rotation).toMatchObject({ state: "switching", older: [{ hint: a.hint, lastUsedFrom: "127.0.0.9" }] });
    expect(await retiredEntries()).toEqual([]);
    expect(await clientCredentials(base, a)).toHaveProperty("token");
    expect(smtp.received).toEqual([]);
  });
});
