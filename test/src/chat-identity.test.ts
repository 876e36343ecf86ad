import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type AskPlatform, chatActor } from "../../src/chat-identity.js";
import { withActor } from "../../src/context.js";
import { suggestedDisplayName } from "../../src/verbs/create-client-secret.js";
import { type TestRuntime, testRuntime } from "../helpers/runtime.js";

const platform = (name: string): AskPlatform => ({
  ask: async () => ({ email: "ann@partner-nl.org", name }),
  describe: () => ({}),
  unavailable: (error) => error,
});

describe("chat identities: what the core keeps of a Slack or Teams user (platform answers stubbed)", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await testRuntime();
  });
  afterEach(() => rt.cleanup());

  it("keep a plain name, which suggests the secret's display name", async () => {
    const actor = await chatActor(rt, { platform: "slack", workspace: "T1", userId: "U1" }, platform("Ann de Vries"));
    expect(actor.displayName).toBe("Ann de Vries");
    expect(suggestedDisplayName(withActor(rt, actor))).toBe("Secret by Ann de Vries");
  });

  it("do not use a name with control characters: the e-mail's name stands in", async () => {
    const hostile = "Ann\u001b[2J\u001b]0;pwned\u0007";
    const actor = await chatActor(rt, { platform: "teams", workspace: "t1", userId: "29:ann" }, platform(hostile));
    expect(actor.displayName).toBeNull();
    expect(suggestedDisplayName(withActor(rt, actor))).toBe("Secret by ann");
    const [person] = await rt.db.select().from(rt.db.t.people);
    expect(person?.displayName).toBeNull();
  });

  it("do not write a known address again when it comes back with its keys in another order", async () => {
    const user = { platform: "teams" as const, workspace: "t1", userId: "29:ann" };
    const address = { serviceUrl: "https://smba.example/emea/", userId: "29:ann", botId: "28:bot", tenantId: "t1" };
    await chatActor(rt, { ...user, address }, platform("Ann"));
    const writes = vi.spyOn(rt.db, "transaction");
    // PostgreSQL's jsonb keeps keys in its own order, so the stored address reads back reordered.
    const reordered = { tenantId: "t1", botId: "28:bot", userId: "29:ann", serviceUrl: "https://smba.example/emea/" };
    await chatActor(rt, { ...user, address: reordered }, platform("Ann"));
    expect(writes).not.toHaveBeenCalled();
    await chatActor(
      rt,
      { ...user, address: { ...address, serviceUrl: "https://smba.example/amer/" } },
      platform("Ann"),
    );
    expect(writes).toHaveBeenCalledTimes(1);
    const [row] = await rt.db.select().from(rt.db.t.chatIdentities);
    expect(row?.address).toMatchObject({ serviceUrl: "https://smba.example/amer/" });
  });
});
