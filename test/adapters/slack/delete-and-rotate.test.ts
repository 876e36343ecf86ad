import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SecretReveal } from "../../../src/reply.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";
import { ANN, type SlackSetup, serveSlack } from "../../helpers/slack.js";
import { buttonsIn, revealedValue, textOf } from "../../helpers/slack-blocks.js";
import { click, slash, submitForm } from "../../helpers/slack-payloads.js";

const APP = "Partner-NL-Search";

describe("deleting and rotating secrets from Slack", () => {
  let s: SlackSetup;
  let secret: SecretReveal;
  beforeAll(async () => {
    s = await serveSlack();
    await seedPartner(s.rt.operator);
  });
  beforeEach(async () => {
    secret = await createClientSecret(await s.rt.as(MANAGER), { application: APP, displayName: "Doomed" });
  });
  afterAll(() => s.stop());

  const exists = async (keyId: string) =>
    (await s.rt.db.select().from(s.rt.db.t.clientSecrets).where(eq(s.rt.db.t.clientSecrets.keyId, keyId))).length > 0;
  const deletions = async (keyId: string) =>
    (
      await s.rt.db.select().from(s.rt.db.t.auditEntries).where(eq(s.rt.db.t.auditEntries.action, "secret.deleted"))
    ).filter((e) => (e.detail as { keyId?: string }).keyId === keyId).length;

  /** Clicks the secret's Delete button in `show` and returns the confirmation message. */
  async function askToDelete(keyId: string) {
    const shown = await (await slash(s, ANN, `show ${APP}`)).answer();
    const button = buttonsIn(shown.blocks).find((b) => b.value.endsWith(keyId))!;
    expect(button.confirm).toBeDefined();
    const question = await (await click(s, ANN, button.value)).answer();
    const [yes, no] = buttonsIn(question.blocks);
    return { question, yes: yes!, no: no! };
  }

  it("asks for confirmation from the Delete button, then deletes and replaces the question with the outcome", async () => {
    const { question, yes, no } = await askToDelete(secret.keyId);
    expect(question.replace_original).toBe(false);
    expect(textOf(question.blocks)).toContain("Delete secret");
    expect([yes.text, yes.value, no.text, no.value]).toEqual([
      "Delete",
      expect.stringMatching(/^confirm \S+$/),
      "Cancel",
      expect.stringMatching(/^cancel \S+$/),
    ]);
    expect(await exists(secret.keyId)).toBe(true);
    const done = await (await click(s, ANN, yes.value)).answer();
    expect(done.replace_original).toBe(true);
    expect(done.text).toContain("✅ Deleted secret");
    expect(await exists(secret.keyId)).toBe(false);
  });

  it("deletes once when the confirmation is clicked twice at the same moment; the other click says it was done", async () => {
    const { yes } = await askToDelete(secret.keyId);
    const [first, second] = await Promise.all([click(s, ANN, yes.value), click(s, ANN, yes.value)]);
    const answers = [(await first.answer()).text, (await second.answer()).text].sort();
    expect(answers[0]).toContain("✅ Deleted secret");
    expect(answers[1]).toContain("already done");
    expect(await deletions(secret.keyId)).toBe(1);
    const late = await (await click(s, ANN, yes.value)).answer();
    expect(late.text).toContain("already done");
    expect(await deletions(secret.keyId)).toBe(1);
  });

  it("keeps the secret when Cancel is clicked, and the confirmation cannot be used afterwards", async () => {
    const { yes, no } = await askToDelete(secret.keyId);
    expect((await (await click(s, ANN, no.value)).answer()).text).toContain("nothing was deleted");
    await (await click(s, ANN, yes.value)).answer();
    expect(await exists(secret.keyId)).toBe(true);
  });

  it("deletes from text as well: `/secrets delete <app> <hint>` asks, the button confirms", async () => {
    const question = await (await slash(s, ANN, `delete ${APP} ${secret.keyId}`)).answer();
    const yes = buttonsIn(question.blocks).find((b) => b.text === "Delete")!;
    expect((await (await click(s, ANN, yes.value)).answer()).text).toContain("✅ Deleted secret");
    expect(await exists(secret.keyId)).toBe(false);
  });

  it("rotates through the modal: the new value with the four steps and how to delete the old secret later", async () => {
    await click(s, ANN, `rotate ${APP}`);
    const form = await s.fake.waitFor("views.update", (c) =>
      String((c.body.view as { private_metadata?: string }).private_metadata).includes('"command":"rotate"'),
    );
    const viewId = String(form.body.view_id);
    const metadata = String((form.body.view as { private_metadata: string }).private_metadata);
    expect(JSON.stringify(form.body.view)).toContain('"text":"Rotate"');
    await submitForm(s, ANN, { viewId, metadata, displayName: "Rotated", expiresOn: "2027-03-01" });
    const reveal = await s.fake.waitFor(
      "views.update",
      (c) => c.body.view_id === viewId && (c.body.view as { callback_id: string }).callback_id === "steward:reveal",
    );
    const text = textOf(reveal.body.view);
    expect(revealedValue(reveal.body.view)).toMatch(/^sst_/);
    expect(text).toContain("Rotation of Partner-NL-Search started");
    expect(text).toMatch(/4\. Delete the old secret/);
    expect(text).toContain(`/secrets delete ${APP} ${secret.keyId}`);
    const [rotated] = await s.rt.db
      .select()
      .from(s.rt.db.t.clientSecrets)
      .where(eq(s.rt.db.t.clientSecrets.displayName, "Rotated"));
    expect(rotated?.expiresAt.toISOString()).toBe("2027-03-01T23:59:59.000Z");
    expect(await exists(secret.keyId)).toBe(true);
  });
});
