import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Server, startServer } from "../../../adapters/root/server.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { tempDir } from "../../helpers/config.js";
import { freePort } from "../../helpers/http.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { seedPartner } from "../../helpers/seed.js";
import { button, type Card, inputsOf, textOf } from "./cards.js";
import { Playground } from "./playground.js";

const APP = "Partner-NL-Search";

/**
 * One playground for the file (it takes seconds to start), and for each test a bot of its own on a fresh
 * database, listening where the playground sends: the same port every time. Tests read only the
 * playground's messages that come after they begin.
 */
describe("end to end through the Microsoft 365 Agents Playground", () => {
  const playground = new Playground();
  const home = tempDir("steward-playground-");
  let port: number;
  let started: Promise<void> | undefined;
  let rt: TestRuntime;
  let server: Server;
  /** `git status` of the folder the playground runs from: a work tree, as a fresh clone is. */
  const gitStatus = () =>
    execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: home }).toString();
  beforeAll(async () => {
    port = await freePort();
    execFileSync("git", ["init", "-q"], { cwd: home });
  });
  beforeEach(async () => {
    rt = await testRuntime({ env: { HOST: "127.0.0.1", PORT: String(port), TEAMS_ALLOW_UNAUTHENTICATED: "true" } });
    server = await startServer(rt);
    // The playground checks that the bot answers as it starts (and waits long if not): start it once a bot does.
    started ??= playground.start(`http://127.0.0.1:${port}/api/messages`, home);
    await started;
    await seedPartner(rt.operator);
    // The playground's user, known to the bot by the e-mail its member API gives.
    await grantAccess(rt.operator, {
      email: playground.userEmail,
      target: { kind: "application", ref: APP },
      role: "manager",
    });
  }, 60_000);
  afterEach(async () => {
    await server?.stop();
    await rt?.cleanup();
  });
  afterAll(async () => {
    await playground.stop();
    // The playground's folder, whose log held every message (values included), is gone once it stops.
    if (playground.folder) expect(existsSync(playground.folder)).toBe(false);
    rmSync(home, { recursive: true, force: true });
  });

  it("takes a message in and shows the card out; a card action in, and its result out", async () => {
    const secret = await createClientSecret(await rt.as(playground.userEmail), {
      application: APP,
      displayName: "Old",
    });
    const seen = playground.messages.length;
    await playground.type(`show ${APP}`);
    const shown = await playground.nextCard(seen);
    expect(shown.card.version).toBe("1.5");
    expect(textOf(shown.card)).toContain(`${secret.hint}…`);

    const asked = playground.messages.length;
    const click = await playground.click(shown.messageId, "run", button(shown.card, "Delete").data);
    expect(click.value).toBe("Answered below.");
    const confirmation = await playground.nextCard(asked);
    expect(textOf(confirmation.card)).toContain(`Delete secret ${secret.hint}… (Old)`);

    const done = await playground.click(confirmation.messageId, "run", button(confirmation.card, "Delete").data);
    expect(done.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(textOf(done.value as Card)).toContain(`✅ Deleted secret ${secret.hint}… (Old) of ${APP}.`);
    const [left] = await rt.db
      .select()
      .from(rt.db.t.clientSecrets)
      .where(eq(rt.db.t.clientSecrets.keyId, secret.keyId));
    expect(left).toBeUndefined();
  });

  it("creates a secret through the form card, and reveals it on the card that replaces the form", async () => {
    const seen = playground.messages.length;
    await playground.type(`create ${APP}`);
    const form = await playground.nextCard(seen);
    expect(inputsOf(form.card).map((i) => i.type)).toEqual(["Input.Text", "Input.Date", "Input.ChoiceSet"]);
    const create = button(form.card, "Create");
    const answer = await playground.click(form.messageId, create.verb, {
      ...create.data,
      displayName: "From the playground",
      expiresOn: "2027-02-01",
    });
    expect(textOf(answer.value as Card)).toMatch(
      /✅ New client secret for Partner-NL-Search[\s\S]*sst_[A-Za-z0-9]{49}/,
    );
    expect((await rt.db.select().from(rt.db.t.clientSecrets)).map((s) => s.displayName)).toEqual([
      "From the playground",
    ]);
    // The playground logged that card, value included: in its own private folder, not in the work tree.
    expect(existsSync(join(playground.folder, "devTools", "m365agentsplayground.log"))).toBe(true);
    expect(playground.folder.startsWith(home)).toBe(false);
    expect(gitStatus()).toBe("");
  });
});
