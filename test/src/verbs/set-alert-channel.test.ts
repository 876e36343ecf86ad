import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { errorText } from "../../../src/commands/chat-error.js";
import { grantAccess } from "../../../src/verbs/grant-access.js";
import { type SetAlertChannelInput, setAlertChannel } from "../../../src/verbs/set-alert-channel.js";
import { codeOf, refusal } from "../../helpers/errors.js";
import { auditOf } from "../../helpers/rows.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, STRANGER, seedPartner, VIEWER } from "../../helpers/seed.js";

const ORG = "Partner NL";
const ROOT = "root@registry.org";
const ORG_MANAGER = "olga@partner-nl.org";

const channel = (fields: Partial<SetAlertChannelInput> = {}): SetAlertChannelInput => ({
  organisation: ORG,
  isOn: true,
  platform: "slack",
  workspace: "T1",
  channelId: "C123",
  ...fields,
});

describe("routing an organisation's alerts to a channel", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: ROOT } });
    await seedPartner(rt.operator);
    await grantAccess(rt.operator, { email: ORG_MANAGER, target: { kind: "organisation", ref: ORG }, role: "manager" });
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  const channels = () => rt.db.select().from(rt.db.t.alertChannels);
  const channelAudit = async () =>
    (await auditOf(rt)).filter((e) => e.action === "alert_channel.added" || e.action === "alert_channel.removed");

  it("subscribes a channel once, audited, and unsubscribes it once", async () => {
    const root = await rt.as(ROOT);
    expect(await setAlertChannel(root, channel())).toEqual({ organisation: ORG, isChanged: true });
    expect(await channels()).toEqual([
      expect.objectContaining({
        platform: "slack",
        workspace: "T1",
        channelId: "C123",
        conversationRef: null,
        addedBy: ROOT,
        createdAt: rt.clock.now(),
      }),
    ]);

    // Subscribing again only refreshes how to reach the channel.
    const ref = { serviceUrl: "https://smba.example.org/", conversation: { id: "19:abc" } };
    expect(await setAlertChannel(root, channel({ conversationRef: ref }))).toEqual({
      organisation: ORG,
      isChanged: false,
    });
    expect((await channels()).map((c) => c.conversationRef)).toEqual([ref]);

    expect(await setAlertChannel(root, channel({ isOn: false }))).toEqual({ organisation: ORG, isChanged: true });
    expect(await channels()).toEqual([]);
    expect(await setAlertChannel(root, channel({ isOn: false }))).toEqual({ organisation: ORG, isChanged: false });

    expect((await channelAudit()).map((e) => [e.action, e.actor, e.target, e.applicationId, e.detail])).toEqual([
      ["alert_channel.added", ROOT, ORG, null, { platform: "slack", channelId: "C123" }],
      ["alert_channel.removed", ROOT, ORG, null, { platform: "slack", channelId: "C123" }],
    ]);
  });

  it("keeps channels of different platforms and workspaces apart", async () => {
    const olga = await rt.as(ORG_MANAGER);
    await setAlertChannel(olga, channel());
    await setAlertChannel(olga, channel({ workspace: "T2" }));
    await setAlertChannel(
      olga,
      channel({ platform: "teams", workspace: "tenant-1", channelId: "19:abc@thread.tacv2" }),
    );
    expect(await channels()).toHaveLength(3);
    await setAlertChannel(olga, channel({ workspace: "T2", isOn: false }));
    expect((await channels()).map((c) => [c.platform, c.workspace]).sort()).toEqual([
      ["slack", "T1"],
      ["teams", "tenant-1"],
    ]);
  });

  it("lets a credential manager of the whole organisation route its alerts, named in any case", async () => {
    expect(await setAlertChannel(await rt.as(ORG_MANAGER), channel({ organisation: " partner nl " }))).toEqual({
      organisation: ORG,
      isChanged: true,
    });
    expect((await channels()).map((c) => c.addedBy)).toEqual([ORG_MANAGER]);
  });

  it("refuses managers of one application, viewers and strangers alike, whether or not the organisation exists", async () => {
    await grantAccess(rt.operator, {
      email: "ovi@partner-nl.org",
      target: { kind: "organisation", ref: ORG },
      role: "viewer",
    });
    for (const email of [MANAGER, VIEWER, "ovi@partner-nl.org", STRANGER]) {
      const ctx = await rt.as(email);
      const existing = await refusal(() => setAlertChannel(ctx, channel()));
      const missing = await refusal(() => setAlertChannel(ctx, channel({ organisation: "No Such Org" })));
      expect([existing.code, missing.code]).toEqual(["FORBIDDEN", "FORBIDDEN"]);
      expect(existing.message).toBe(
        `Only administrators and credential managers of all of ${ORG} can route its alerts. Ask ${ROOT}.`,
      );
      expect(missing.message.replace("No Such Org", ORG)).toBe(existing.message);
    }
    expect(await channels()).toEqual([]);
    expect(await channelAudit()).toEqual([]);
  });

  it("refuses a manager of the organisation whose time-bound grant has ended", async () => {
    await grantAccess(rt.operator, {
      email: "tess@partner-nl.org",
      target: { kind: "organisation", ref: ORG },
      role: "manager",
      days: 1,
    });
    rt.clock.advance(86_400_000);
    expect(await codeOf(async () => setAlertChannel(await rt.as("tess@partner-nl.org"), channel()))).toBe("FORBIDDEN");
    expect(await channels()).toEqual([]);
  });

  it("tells an administrator there is no such organisation", async () => {
    const error = await refusal(async () =>
      setAlertChannel(await rt.as(ROOT), channel({ organisation: "Partner DE" })),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toContain('There is no organisation "Partner DE"');
  });

  it("refuses a channel without an id or a workspace, and an organisation left out", async () => {
    const root = await rt.as(ROOT);
    for (const bad of [channel({ channelId: "" }), channel({ workspace: "" })]) {
      await expect(setAlertChannel(root, bad)).rejects.toBeInstanceOf(ZodError);
    }
    const unnamed = await setAlertChannel(root, channel({ organisation: " " })).catch((e: unknown) => e);
    expect(errorText(unnamed, rt.log)).toBe("❌ Say which organisation.");
    expect(await channels()).toEqual([]);
  });
});
