import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SecretReveal } from "../../../src/reply.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { click, personalChatOf, say } from "./activities.js";
import { button, buttonsOf, type Card, cardOf, textOf } from "./cards.js";
import { ANN, fileKeys, serveTeams, type TeamsSetup } from "./teams-testbed.js";

const APP = "Partner-NL-Search";

describe("deleting and rotating in Microsoft Teams", () => {
  const keys = fileKeys();
  let s: TeamsSetup;
  let clientId: string;
  beforeEach(async () => {
    s = await serveTeams({}, { keys });
    clientId = (await seedPartner(s.rt.operator)).app.clientId;
  });
  afterEach(() => s.stop());

  const exists = async (secret: SecretReveal) =>
    (await s.rt.db.select().from(s.rt.db.t.clientSecrets).where(eq(s.rt.db.t.clientSecrets.keyId, secret.keyId)))
      .length > 0;

  /** Clicks Delete for the secret and returns the confirmation card the bot posts. */
  async function askToDelete(secret: SecretReveal): Promise<Card> {
    const sent = s.fake.callsOf("send", personalChatOf(ANN)).length;
    const answer = await click(s, ANN, "run", { command: `delete ${APP} ${secret.keyId}` });
    expect(answer).toMatchObject({ type: "application/vnd.microsoft.activity.message", value: "Answered below." });
    return cardOf(await s.fake.waitFor("send", (c) => c.conversationId === personalChatOf(ANN), sent + 1));
  }

  it("asks on a card before deleting, and deletes once Delete is clicked there", async () => {
    const secret = await createClientSecret(await s.rt.as(MANAGER), { application: APP, displayName: "Old one" });
    const confirmation = await askToDelete(secret);
    expect(textOf(confirmation)).toContain(`⏳ Delete secret ${secret.hint}… (Old one) of ${APP}?`);
    expect(buttonsOf(confirmation).map((b) => [b.title, String(b.data.command).split(" ")[0]])).toEqual([
      ["Delete", "confirm"],
      ["Cancel", "cancel"],
    ]);
    expect(await exists(secret)).toBe(true);
    const done = await click(s, ANN, "run", button(confirmation, "Delete").data);
    expect(done.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(textOf(done.value as Card)).toContain(`✅ Deleted secret ${secret.hint}… (Old one) of ${APP}.`);
    expect(await exists(secret)).toBe(false);
  });

  it("deletes once when Delete is double-clicked, and says the second click was already done", async () => {
    const secret = await createClientSecret(await s.rt.as(MANAGER), { application: APP });
    const confirm = button(await askToDelete(secret), "Delete").data;
    const answers = await Promise.all([click(s, ANN, "run", confirm), click(s, ANN, "run", confirm)]);
    const texts = answers.map((a) => (typeof a.value === "string" ? a.value : textOf(a.value as Card)));
    expect(texts.filter((t) => t.includes("✅ Deleted secret"))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("already done"))).toHaveLength(1);
    const deletions = (await s.rt.db.select().from(s.rt.db.t.auditEntries)).filter(
      (e) => e.action === "secret.deleted",
    );
    expect(deletions.filter((e) => JSON.stringify(e.detail).includes(secret.keyId))).toHaveLength(1);
  });

  it("keeps the secret when Cancel is clicked, and its Delete button then does nothing", async () => {
    const secret = await createClientSecret(await s.rt.as(MANAGER), { application: APP });
    const confirmation = await askToDelete(secret);
    const cancelled = await click(s, ANN, "run", button(confirmation, "Cancel").data);
    expect(textOf(cancelled.value as Card)).toContain("Cancelled; nothing was deleted.");
    const late = await click(s, ANN, "run", button(confirmation, "Delete").data);
    expect(late.type).toBe("application/vnd.microsoft.activity.message");
    expect(await exists(secret)).toBe(true);
  });

  it("answers a typed `delete <app> <hint>` with the same confirmation card", async () => {
    const secret = await createClientSecret(await s.rt.as(MANAGER), { application: APP, displayName: "Typed" });
    const { card } = await say(s, ANN, `delete ${APP} ${secret.hint}`);
    expect(textOf(card)).toContain("(Typed)");
    expect(button(card, "Delete").data.command).toMatch(/^confirm \S+$/);
  });

  it("rotates: a form with Rotate, then the new secret, the four steps and Delete buttons for the older ones", async () => {
    const old = await createClientSecret(await s.rt.as(MANAGER), { application: APP, displayName: "Before rotation" });
    const { card } = await say(s, ANN, `rotate ${APP}`);
    const rotateButton = button(card, "Rotate");
    expect(rotateButton.data).toEqual({ command: "rotate", application: clientId });
    const answer = await click(s, ANN, rotateButton.verb, {
      ...rotateButton.data,
      displayName: "After",
      expiresOn: "2027-06-01",
    });
    const reveal = textOf(answer.value as Card);
    expect(reveal).toContain(`✅ Rotation of ${APP} started`);
    expect(reveal).toMatch(/✅ 1\. Create a new secret\.\n⏳ 2\. Update your systems/);
    expect(reveal).toMatch(/sst_[A-Za-z0-9]{40,}/);
    const deletes = buttonsOf(answer.value as Card).filter((b) => b.title === "Delete");
    expect(deletes.map((b) => b.data.command)).toContain(`delete ${APP} ${old.keyId}`);
  });
});
