import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderText } from "../../../adapters/console/render-text.js";
import { type Server, startServer } from "../../../adapters/root/server.js";
import type { CommandEnv } from "../../../src/commands/command.js";
import { runCommand } from "../../../src/commands/run-command.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { getTokenFrom as tokenFrom, getToken as tokenWithOauth } from "../../helpers/token-client.js";

const HOUR = 3_600_000;
const APP = "Partner-NL-Search";
const MANAGER = "ann@partner-nl.org";
const inConsole: CommandEnv = { surface: "console", canShowForms: false, canRevealSecrets: true };

type Created = { value: string; keyId: string; hint: string; clientId: string };
type Rotation = {
  state: string;
  retire: string;
  newer: { hint: string; firstUsedAt: string | null };
  older: { hint: string; lastUsedAt: string | null; lastUsedFrom: string | null }[];
};

describe("evidence of use and rotations on the built-in token endpoint", () => {
  let rt: TestRuntime;
  let server: Server;
  let base: string;
  let env: Record<string, string>;
  const clock = new FixedClock(new Date());
  const t0 = clock.now().getTime();
  const at = (hours: number, minutes = 0) => new Date(t0 + hours * HOUR + minutes * 60_000).toISOString();

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const own = { HOST: "127.0.0.1", PORT: String(port), PUBLIC_URL: base, STEWARD_PEPPER: TEST_PEPPER };
    rt = await testRuntime({ env: own, clock });
    server = await startServer(rt);
    env = { ...own, ...rt.databaseEnv };
    await steward(["org", "add", "Partner NL"], env);
    await steward(["app", "add", APP, "--org", "Partner NL", "--api", "search"], env);
    await steward(["grant", MANAGER, "--app", APP, "--role", "manager"], env);
  });
  afterAll(async () => {
    await server.stop();
    await rt.cleanup();
  });

  const create = async (...extra: string[]): Promise<Created> => {
    const created = await steward(["secret", "create", "--app", APP, "--as", MANAGER, "--json", ...extra], env);
    expect(created.code, created.stderr).toBe(0);
    return JSON.parse(created.stdout) as Created;
  };

  const getToken = (secret: Created) => tokenWithOauth(base, secret);
  const getTokenFrom = (address: string, secret: Created) => tokenFrom(base, address, secret);

  const rotationAt = async (iso: string): Promise<Rotation> => {
    const listed = await steward(["rotation", "list", "--app", APP, "--now", iso, "--json"], env);
    expect(listed.code, listed.stderr).toBe(0);
    const { rotations } = JSON.parse(listed.stdout) as { rotations: Rotation[] };
    expect(rotations).toHaveLength(1);
    return rotations[0] as Rotation;
  };

  it("follows a rotation from the evidence: waiting, switching, idle — and a forgotten system keeps it switching", async () => {
    const a = await create("--name", "Search A");
    await getToken(a);
    await server.lastUsed.flush();
    expect(JSON.parse((await steward(["rotation", "list", "--json"], env)).stdout).rotations).toEqual([]);

    const b = await create("--name", "Search B", "--retire", "auto");
    expect(await rotationAt(at(0, 1))).toMatchObject({
      state: "waiting",
      retire: "auto",
      newer: { hint: b.hint, firstUsedAt: null },
      older: [{ hint: a.hint, lastUsedAt: at(0), lastUsedFrom: "127.0.0.1" }],
    });

    clock.advance(HOUR); // the system moves to the newer secret an hour later
    await getToken(b);
    await server.lastUsed.flush();
    expect(await rotationAt(at(1, 1))).toMatchObject({ state: "switching", newer: { firstUsedAt: at(1) } });
    // Idle once nothing used the older secret for ROTATION_IDLE_HOURS (24) after the newer took over.
    expect((await rotationAt(at(24, 59))).state).toBe("switching");
    expect((await rotationAt(at(25))).state).toBe("idle");
    // What `show` says, in one line, with where each secret was last used.
    const shown = renderText(await runCommand(await rt.as(MANAGER), `show ${APP}`, inConsole));
    expect(shown).toContain(
      `Rotation switching: the newer secret ${b.hint}… is in use (first used just now); ${a.hint}… was last used 1 hour ago from 127.0.0.1.`,
    );

    clock.advance(HOUR); // a forgotten system on another host still uses the older secret
    await getTokenFrom("127.0.0.9", a);
    await server.lastUsed.flush();
    expect(await rotationAt(at(25))).toMatchObject({
      state: "switching",
      older: [{ hint: a.hint, lastUsedAt: at(2), lastUsedFrom: "127.0.0.9" }],
    });
    expect((await rotationAt(at(26))).state).toBe("idle");

    const listed = JSON.parse((await steward(["secret", "list", "--app", APP, "--json"], env)).stdout) as {
      secrets: Record<string, unknown>[];
    };
    expect(listed.secrets.find((s) => s.keyId === a.keyId)).toMatchObject({
      firstUsedAt: at(0),
      lastUsedAt: at(2),
      lastUsedFrom: "127.0.0.9",
      usageKnown: true,
    });
    expect(listed.secrets.find((s) => s.keyId === b.keyId)).toMatchObject({
      firstUsedAt: at(1),
      lastUsedAt: at(1),
      lastUsedFrom: "127.0.0.1",
    });
  });

  it("refuses a --retire that is neither ask nor auto, and creates nothing", async () => {
    const before = (await rt.db.select().from(rt.db.t.clientSecrets)).length;
    const refused = await steward(["secret", "create", "--app", APP, "--as", MANAGER, "--retire", "later"], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--retire is ask");
    expect(await rt.db.select().from(rt.db.t.clientSecrets)).toHaveLength(before);
  });
});
