import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AskPlatform, chatActor } from "../../src/chat-identity.js";
import { withActor } from "../../src/context.js";
import { suggestedDisplayName } from "../../src/verbs/create-client-secret.js";
import { type TestRuntime, testRuntime } from "../helpers/runtime.js";

const platform = (name: string): AskPlatform => ({
  ask: async () => ({ email: "ann@partner-nl.org", name }),
  describe: () => ({}),
  unavailable: (error) => error,
});

describe("people's names from Slack and Teams", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await testRuntime();
  });
  afterEach(() => rt.cleanup());

  it("are kept when plain, and suggest the secret's display name", async () => {
    const actor = await chatActor(rt, { platform: "slack", workspace: "T1", userId: "U1" }, platform("Ann de Vries"));
    expect(actor.displayName).toBe("Ann de Vries");
    expect(suggestedDisplayName(withActor(rt, actor))).toBe("Secret by Ann de Vries");
  });

  it("are not used when they hold control characters: the e-mail's name stands in", async () => {
    const hostile = "Ann\u001b[2J\u001b]0;pwned\u0007";
    const actor = await chatActor(rt, { platform: "teams", workspace: "t1", userId: "29:ann" }, platform(hostile));
    expect(actor.displayName).toBeNull();
    expect(suggestedDisplayName(withActor(rt, actor))).toBe("Secret by ann");
    const [person] = await rt.db.select().from(rt.db.t.people);
    expect(person?.displayName).toBeNull();
  });
});
