/**
 * The `--retire ask` question in Microsoft Teams: once the older secret is idle, the reminder pass puts
 * one card in the manager's 1:1 chat with a Delete button (a second pass adds none); the card action,
 * sent as Teams sends it, deletes the idle secret once and then says it is already done; a viewer's
 * click is refused. (The whole flow with the token endpoint and mail: test/adapters/slack/retire-ask.test.ts.)
 */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reminderParts } from "../../../adapters/root/reminders.js";
import { runReminderPass } from "../../../src/jobs/reminder-pass.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { clientCredentials } from "../../helpers/token-client.js";
import { click, personalChatOf, say } from "./activities.js";
import { buttonsOf, cardOf, textOf } from "./cards.js";
import { ANN, fileKeys, serveTeams, type TeamsSetup, VIC } from "./teams-testbed.js";

const APP = "Partner-NL-Search";
const HOUR = 3_600_000;

describe("retiring an idle older secret with --retire ask, from Teams", () => {
  const keys = fileKeys();
  let s: TeamsSetup;

  beforeEach(async () => {
    s = await serveTeams({}, { keys });
    await seedPartner(s.rt.operator);
    for (const user of [ANN, VIC]) await say(s, user, "help");
  });
  afterEach(() => s.stop());

  /** A reminder pass of this runtime (its Teams connector is the fake's) at `hours` after the start. */
  async function passAt(start: number, hours: number) {
    s.rt.clock.set(new Date(start + hours * HOUR));
    const { deps, options } = reminderParts(s.rt);
    const report = await runReminderPass(deps, options);
    expect(report.outcome).toBe("done");
    return report.outcome === "done" ? report.retire : null;
  }

  it("puts one card with a Delete button in the manager's 1:1 chat; the button works once", async () => {
    const start = s.rt.clock.now().getTime();
    const a = await createClientSecret(await s.rt.as(MANAGER), { application: APP, displayName: "Search A" });
    expect(await clientCredentials(s.base, a)).toHaveProperty("token");
    s.rt.clock.set(new Date(start + HOUR));
    const b = await createClientSecret(await s.rt.as(MANAGER), { application: APP, displayName: "Search B" });
    expect(await clientCredentials(s.base, b)).toHaveProperty("token");
    await s.server.lastUsed.flush();

    const before = s.fake.callsOf("send", personalChatOf(ANN)).length;
    expect(await passAt(start, 25)).toEqual({ asked: 1, retired: 0, failed: 0 });
    expect(await passAt(start, 26)).toEqual({ asked: 0, retired: 0, failed: 0 });
    const sent = s.fake.callsOf("send", personalChatOf(ANN));
    expect(sent).toHaveLength(before + 1);
    const card = cardOf(sent.at(-1)!);
    expect(textOf(card)).toContain(`${a.hint}… (Search A): idle since`);
    const [button] = buttonsOf(card);
    expect(button?.title).toBe("Delete");
    const command = String(button?.data.command);
    expect(command).toBe(`retire ${a.clientId} ${a.keyId}`);

    expect(String((await click(s, VIC, "run", { command })).value)).toMatch(/^❌/);
    const deleted = await click(s, ANN, "run", { command });
    expect(textOf(deleted.value as never)).toContain(`✅ Deleted ${a.hint}… (Search A) of ${APP}`);
    const twice = await click(s, ANN, "run", { command });
    expect(textOf(twice.value as never)).toContain("Already done");
    const { clientSecrets } = s.rt.db.t;
    expect(await s.rt.db.select().from(clientSecrets).where(eq(clientSecrets.keyId, a.keyId))).toEqual([]);
    expect(await clientCredentials(s.base, a)).toEqual({ error: "invalid_client" });
  });
});
