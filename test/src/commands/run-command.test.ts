import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderText } from "../../../adapters/console/render-text.js";
import type { CommandEnv } from "../../../src/commands/command.js";
import { runCommand } from "../../../src/commands/run-command.js";
import type { Ctx } from "../../../src/context.js";
import type { Reply } from "../../../src/reply.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, STRANGER, seedPartner, VIEWER } from "../../helpers/seed.js";

const consoleEnv: CommandEnv = { surface: "console", canShowForms: false, canRevealSecrets: true };
const slackChannel: CommandEnv = {
  surface: "slack",
  canShowForms: true,
  canRevealSecrets: true,
  channel: { platform: "slack", workspace: "T1", channelId: "C1" },
};

const text = (reply: Reply) => renderText(reply);
const run = (ctx: Ctx, line: string, env = consoleEnv) => runCommand(ctx, line, env);

describe("chat commands", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await testRuntime({ env: { ADMIN_EMAILS: "root@registry.org" } });
    await seedPartner(rt.operator);
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  it("lists only the commands a person may use in help", async () => {
    const usagesOf = async (email: string) =>
      (await run(await rt.as(email), "help")).blocks.flatMap((b) =>
        b.type === "item" && b.text.startsWith("`") ? [b.text.split("`")[1]] : [],
      );
    const stranger = await usagesOf(STRANGER);
    expect(stranger.map((u) => u?.split(" ")[0])).toEqual(["help", "request", "<app>"]);
    expect(text(await run(await rt.as(STRANGER), "help"))).toContain("ask an administrator (root@registry.org)");
    const viewer = (await usagesOf(VIEWER)).map((u) => u?.split(" ")[0]);
    expect(viewer).toEqual(["help", "list", "show", "expiring", "request", "<app>"]);
    const manager = (await usagesOf(MANAGER)).map((u) => u?.split(" ")[0]);
    expect(manager).toEqual([
      "help",
      "list",
      "show",
      "create",
      "delete",
      "rotate",
      "expiring",
      "audit",
      "request",
      "<app>",
    ]);
    const admin = (await usagesOf("root@registry.org")).map((u) => u?.split(" ")[0]);
    expect(admin).toEqual([
      "help",
      "list",
      "show",
      "expiring",
      "alerts",
      "grant",
      "revoke",
      "audit",
      "request",
      "requests",
      "approve",
      "deny",
      "<app>",
    ]);
  });

  it("answers bad input with one clear line and the usage, never a stack trace", async () => {
    const ann = await rt.as(MANAGER);
    const cases: [string, RegExp][] = [
      ["lsit", /I don't know the command `lsit`. Did you mean `list`\?/],
      ["frobnicate", /Type `help` for the commands you can use/],
      ["show", /`show` needs more: Usage: `show <app>`/],
      ["show a b", /too many words \(put names with spaces in quotes\)/],
      ["create Partner-NL-Search --colour red", /`create` has no option --colour\. Usage: `create <app>/],
      ["create Partner-NL-Search --expires yesterday", /"yesterday" is not an expiry. Use a date like 2027-03-01/],
      ['create Partner-NL-Search --name "unclosed', /A quote is not closed/],
      ["expiring soon", /"soon" is not a number of days/],
      ["delete Partner-NL-Search sst_zzz", /has no secret "sst_zzz"/],
      // Authorisation comes before the words are checked: a manager is refused, not taught the roles.
      ["grant x@y.org Partner-NL-Search owner", /Only administrators can grant access/],
    ];
    for (const [line, expected] of cases) {
      const reply = await run(ann, line);
      expect(reply.tone, line).toBe("error");
      expect(reply.blocks[0], line).toMatchObject({ type: "text", text: expect.stringMatching(expected) });
      expect(text(reply), line).not.toMatch(/at .*\.(ts|js):\d+/);
      expect(text(reply).split("\n"), line).toHaveLength(1);
    }
  });

  it("tells an administrator what is wrong with a grant's words once they may grant", async () => {
    const root = await rt.as("root@registry.org");
    const reply = await run(root, "grant x@y.org Partner-NL-Search owner");
    expect(reply.blocks[0]).toMatchObject({
      type: "text",
      text: expect.stringMatching(/The role is manager or viewer/),
    });
  });

  it("shows an application with its clientId, APIs, secrets and the buttons a manager may use", async () => {
    const ann = await rt.as(MANAGER);
    const created = await run(ann, 'create Partner-NL-Search --name "Prod 2027" --expires 20d');
    expect(created.secret?.value).toMatch(/^sst_/);
    const value = created.secret!.value;
    expect(JSON.stringify(created.blocks)).not.toContain(value);
    const shown = await run(ann, "show partner-nl-search");
    const rendered = text(shown);
    expect(rendered).toContain("clientId:");
    expect(rendered).toContain("APIs: search, matching");
    expect(rendered).toContain(`${created.secret!.hint}… Prod 2027`);
    expect(rendered).toContain("⚠️ expires in 20 days");
    expect(rendered).not.toContain(value);
    const actions = shown.blocks.flatMap((b) =>
      b.type === "actions" ? b.actions : b.type === "item" && b.accessory ? [b.accessory] : [],
    );
    expect(actions.map((a) => a.label)).toEqual(["Delete", "Create secret", "Rotate"]);
    expect(actions[0]?.confirm?.title).toBe("Delete this secret?");
    const viewerActions = (await run(await rt.as(VIEWER), "show Partner-NL-Search")).blocks.filter(
      (b) => b.type === "actions" || (b.type === "item" && b.accessory),
    );
    expect(viewerActions).toEqual([]);
  });

  it("asks for confirmation on delete and deletes through the confirm button's command", async () => {
    const ann = await rt.as(MANAGER);
    const created = await run(ann, "create Partner-NL-Search");
    const asked = await run(ann, `delete Partner-NL-Search ${created.secret!.hint}`);
    expect(asked.tone).toBe("waiting");
    expect(text(asked)).toContain("the only unexpired secret");
    const yes = asked.confirmation!.yes.command;
    expect((await run(ann, yes)).blocks[0]).toMatchObject({
      type: "text",
      text: expect.stringMatching(/^✅ Deleted secret/),
    });
    expect(text(await run(ann, yes))).toBe("✅ This was already done; nothing more to do.");
    expect(text(await run(ann, "show Partner-NL-Search"))).toContain("No client secrets");
  });

  it("rotates: a new secret, the four steps, and Delete buttons for the older secrets", async () => {
    const ann = await rt.as(MANAGER);
    const old = await run(ann, "create Partner-NL-Search --expires 10d");
    const rotated = await run(ann, "rotate Partner-NL-Search");
    expect(rotated.secret?.value).toBeDefined();
    expect(rotated.secret?.value).not.toBe(old.secret?.value);
    const rendered = text(rotated);
    expect(rendered).toMatch(
      /1\. Create a new secret[\s\S]*2\. Update your systems[\s\S]*3\. Confirm they connect[\s\S]*4\. Delete the old secret/,
    );
    const deletes = rotated.blocks.flatMap((b) => (b.type === "item" && b.accessory ? [b.accessory] : []));
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.command).toContain(old.secret!.keyId);
  });

  it("offers a form instead of creating at once where the surface has forms, after checking access", async () => {
    const form = await run(await rt.as(MANAGER), "create Partner-NL-Search", slackChannel);
    expect(form.title).toBe("New client secret for Partner-NL-Search");
    expect(form.form?.command).toBe("create");
    expect(form.form?.fields.map((f) => [f.key, f.value])).toEqual([
      ["application", expect.any(String)],
      ["displayName", "Secret by ann"],
      ["expiresOn", "2027-11-26"],
      ["retire", "ask"],
      ["replacing", undefined],
    ]);
    expect(form.secret).toBeUndefined();
    expect((await run(await rt.as(VIEWER), "create Partner-NL-Search", slackChannel)).tone).toBe("error");
  });

  it("lists expiring secrets with the next step, including superseded ones", async () => {
    const ann = await rt.as(MANAGER);
    await run(ann, "create Partner-NL-Search --expires 7d --name Old");
    expect(text(await run(ann, "expiring 30"))).toContain("rotate now");
    await run(ann, "create Partner-NL-Search --name New");
    const rendered = text(await run(ann, "expiring"));
    // Nothing used either yet: the rotation waits for systems to move to the newer secret.
    expect(rendered).toContain(
      "Use: never used · Next step: not moved yet: move every system that uses it to the newer secret",
    );
    expect(rendered).not.toContain("New");
    expect(text(await run(ann, "expiring 3"))).toBe("✅ No secret of your applications expires within 3 days.");
  });

  it("routes alerts only from a channel, for administrators and organisation managers", async () => {
    expect(text(await run(await rt.as("root@registry.org"), 'alerts here "Partner NL"'))).toContain(
      "works in a Slack or Teams channel",
    );
    expect(text(await run(await rt.as("root@registry.org"), 'alerts here "Partner NL"', slackChannel))).toBe(
      "✅ This channel now gets the expiry alerts of Partner NL.",
    );
    expect((await run(await rt.as(MANAGER), 'alerts off "Partner NL"', slackChannel)).tone).toBe("error");
    expect(text(await run(await rt.as("root@registry.org"), 'alerts off "Partner NL"', slackChannel))).toBe(
      "✅ This channel no longer gets the expiry alerts of Partner NL.",
    );
  });

  it("grants and revokes from chat for administrators, with the two-manager advice", async () => {
    const root = await rt.as("root@registry.org");
    expect(text(await run(root, "grant Bea@Partner-NL.org Partner-NL-Search manager"))).toBe(
      "✅ bea@partner-nl.org is a credential manager of application Partner-NL-Search.",
    );
    expect(text(await run(root, "revoke bea@partner-nl.org Partner-NL-Search"))).toContain("no longer has access");
    expect(text(await run(root, "grant bea@partner-nl.org Partner-NL-Search viewer"))).toContain(
      "⚠️ Partner-NL-Search has 1 credential manager",
    );
    expect(text(await run(root, "audit"))).toMatch(/grant\.added.*bea@partner-nl\.org as viewer/);
    expect((await run(await rt.as(VIEWER), "audit Partner-NL-Search")).tone).toBe("error");
    expect(text(await run(await rt.as(MANAGER), "audit Partner-NL-Search"))).toContain("grant.revoked");
  });
});
