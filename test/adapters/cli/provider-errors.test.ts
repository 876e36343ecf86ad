import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGraph } from "../../fakes/fake-graph.js";
import { FakeKeycloak } from "../../fakes/fake-keycloak.js";
import { FakeOkta } from "../../fakes/fake-okta.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { steward } from "../../helpers/cli.js";
import { TEST_PEPPER, tempDir } from "../../helpers/config.js";
import { type TestDatabase, testDatabase } from "../../helpers/database.js";

/** Each provider's environment, pointing at a fake that has been shut down again: nobody answers there. */
const unreachable = {
  okta: async () => closed(await FakeOkta.start(new FixedClock())),
  entra: async () => closed(await FakeGraph.start(new FixedClock())),
  keycloak: async () => closed(await FakeKeycloak.start(new FixedClock())),
};
async function closed(fake: { env(): Record<string, string>; close(): Promise<void> }) {
  const env = fake.env();
  await fake.close();
  return env;
}

const labels = { okta: "Okta", entra: "Microsoft Entra", keycloak: "Keycloak" } as const;

describe("steward entra|keycloak|okta with the provider unreachable", () => {
  let dir: string;
  let database: TestDatabase;
  beforeEach(async () => {
    dir = tempDir();
    database = await testDatabase(dir);
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const provider of ["okta", "entra", "keycloak"] as const) {
    it(`prints one friendly line for ${provider} import, and the provider's answer only at LOG_LEVEL=debug`, async () => {
      const env = { ...(await unreachable[provider]()), ...database.env, STEWARD_PEPPER: TEST_PEPPER };
      expect((await steward(["org", "add", "Partner NL"], env)).code).toBe(0);
      const failed = await steward([provider, "import", "--org", "Partner NL"], env);
      expect([failed.code, failed.stdout, failed.stderr]).toEqual([
        1,
        "",
        `❌ ${labels[provider]} is not answering; nothing was changed. Try again in a minute.\n`,
      ]);
      const debug = await steward([provider, "import", "--org", "Partner NL"], { ...env, LOG_LEVEL: "debug" });
      expect(debug.code).toBe(1);
      expect(debug.stderr).toContain("refused with a cause");
      expect(debug.stderr).toContain("ProviderCallError");
      expect(debug.stderr.trim().split("\n").at(-1)).toBe(
        `❌ ${labels[provider]} is not answering; nothing was changed. Try again in a minute.`,
      );
    });
  }

  it("prints one line when Entra's identity platform refuses the bot's own credentials", async () => {
    const graph = await FakeGraph.start(new FixedClock());
    try {
      const env = {
        ...graph.env(),
        ENTRA_CLIENT_SECRET: "wrong-bot-secret",
        ...database.env,
        STEWARD_PEPPER: TEST_PEPPER,
      };
      expect((await steward(["org", "add", "Partner NL"], env)).code).toBe(0);
      const failed = await steward(["entra", "import", "--org", "Partner NL"], env);
      expect(failed.code).toBe(1);
      // A refused credential of the bot's own is named as such, with what to check, in one line.
      expect(failed.stderr).toBe(
        "❌ Microsoft Entra refused the bot's own credentials; nothing was changed. Ask an administrator to check ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET (the secret may have expired).\n",
      );
      expect(failed.stderr).not.toContain("wrong-bot-secret");
    } finally {
      await graph.close();
    }
  });
});
