/**
 * The hidden `retire <app> <key id>` command behind the Delete button, on the console against a real
 * database: each refusal in our words with nothing deleted — the newer secret never used, a key that is
 * no older secret, the application's last unexpired secret, usage unknown, the provider failing (the
 * transaction rolls back: the row, the rotation and the audit as before) — and the happy path once.
 * Evidence of use is written as the token endpoint's recorder writes it (its own tests show that).
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { renderText } from "../../../adapters/console/render-text.js";
import type { CommandEnv } from "../../../src/commands/command.js";
import { runCommand } from "../../../src/commands/run-command.js";
import type { SecretProvider } from "../../../src/ports/secret-provider.js";
import type { SecretReveal } from "../../../src/reply.js";
import { createClientSecret } from "../../../src/verbs/create-client-secret.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { RecordingProvider } from "../../fakes/recording-provider.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-26T10:00:00Z");
const inConsole: CommandEnv = { surface: "console", canShowForms: false, canRevealSecrets: true };

/** A provider whose use is recorded (as the built-in one's) and that can be told to fail. */
class RecordedUseProvider extends RecordingProvider {
  override readonly capabilities = { ...new RecordingProvider().capabilities, usage: "recorded" as const };
}

describe("the retire command (the Delete button of an idle older secret)", () => {
  let rt: TestRuntime;
  let a: SecretReveal;
  let b: SecretReveal;
  afterEach(() => rt.cleanup());

  async function rotated(provider?: SecretProvider) {
    rt = await testRuntime({ clock: new FixedClock(new Date(T0)), ...(provider ? { provider } : {}) });
    await seedPartner(rt.operator);
    const ann = await rt.as(MANAGER);
    a = await createClientSecret(ann, { application: APP, displayName: "Search A" });
    b = await createClientSecret(ann, { application: APP, displayName: "Search B" });
  }
  const used = (secret: SecretReveal, hours: number) => {
    const { clientSecrets: s } = rt.db.t;
    const at = new Date(T0 + hours * HOUR);
    return rt.db.transaction((tx) =>
      tx.update(s).set({ firstUsedAt: at, lastUsedAt: at, lastUsedFrom: "10.1.2.3" }).where(eq(s.keyId, secret.keyId)),
    );
  };
  const click = async (keyId: string, hours: number) => {
    rt.clock.set(new Date(T0 + hours * HOUR));
    return renderText(await runCommand(await rt.as(MANAGER), `retire ${APP} ${keyId}`, inConsole));
  };
  const keys = async () => (await rt.db.select().from(rt.db.t.clientSecrets)).map((s) => s.keyId).sort();
  const retiredEntries = async () =>
    rt.db.select().from(rt.db.t.auditEntries).where(eq(rt.db.t.auditEntries.action, "secret.retired"));

  it("refuses while the newer secret was never used, and for a key that is no older secret", async () => {
    await rotated();
    await used(a, 0);
    expect(await click(a.keyId, 48)).toContain(`❌ Not deleted: the newer secret has never been used`);
    await used(b, 1);
    expect(await click(b.keyId, 48)).toContain("❌ Not deleted: that secret is not an older secret");
    expect(await click(a.keyId, 24)).toContain("❌ Not deleted: the newer secret took over less than 24 hours ago");
    await used(a, 10);
    expect(await click(a.keyId, 30)).toContain(
      `❌ Not deleted: ${a.hint}… was used again at 2026-11-26 20:00 UTC from 10.1.2.3, less than 24 hours ago.`,
    );
    expect(await keys()).toEqual([a.keyId, b.keyId].sort());
    expect(await click(a.keyId, 34)).toContain(`✅ Deleted ${a.hint}… (Search A) of ${APP}`);
    expect(await click(a.keyId, 35)).toContain("✅ Already done");
    expect(await retiredEntries()).toHaveLength(1);
  });

  it("never deletes the application's last unexpired secret", async () => {
    await rotated();
    await used(a, 0);
    await used(b, 1);
    const { clientSecrets: s } = rt.db.t;
    await rt.db.transaction((tx) =>
      tx
        .update(s)
        .set({ deactivatedAt: new Date(T0) })
        .where(eq(s.keyId, b.keyId)),
    );
    expect(await click(a.keyId, 48)).toContain(`❌ Not deleted: ${a.hint}… is the only unexpired secret of ${APP}`);
    expect(await keys()).toContain(a.keyId);
  });

  it("refuses when the provider reports no use (usage unknown)", async () => {
    const provider = new RecordingProvider();
    await rotated(provider);
    expect(await click(a.keyId, 100)).toContain(
      "❌ Not deleted: The secret provider does not report which secret is used",
    );
    expect(provider.calls.filter((c) => c.method === "deleteSecret")).toEqual([]);
  });

  it("changes nothing when the provider fails the deletion: the row, the rotation and the audit stay as they were", async () => {
    const provider = new RecordedUseProvider();
    await rotated(provider);
    await used(a, 0);
    await used(b, 1);
    provider.isDown = true;
    expect(await click(a.keyId, 48)).toContain("❌ The secret provider is not answering; nothing was changed.");
    expect(await keys()).toEqual([a.keyId, b.keyId].sort());
    expect(await retiredEntries()).toEqual([]);
    expect((await rt.db.select().from(rt.db.t.rotations))[0]?.retiredAt).toBeNull();
    provider.isDown = false;
    expect(await click(a.keyId, 49)).toContain("✅ Deleted");
    expect(provider.calls.filter((c) => c.method === "deleteSecret").map((c) => c.keyId)).toEqual([a.keyId, a.keyId]);
    expect((await rt.db.select().from(rt.db.t.rotations))[0]?.retiredAt).toEqual(new Date(T0 + 49 * HOUR));
  });
});
