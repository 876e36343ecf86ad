import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { commands } from "../../../src/commands/registry.js";
import { ROOT, steward, stewardProcess } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/config.js";
import { CLIENT_ID } from "./teams-testbed.js";

const teamsEnv = { TEAMS_CLIENT_ID: CLIENT_ID, TEAMS_CLIENT_SECRET: "x", TEAMS_TENANT_ID: "t" };

type Manifest = {
  $schema: string;
  manifestVersion: string;
  id: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  bots: Array<{
    botId: string;
    scopes: string[];
    commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
  }>;
};

/** Width, height and colour type from a PNG's IHDR chunk. */
function pngHeader(bytes: Uint8Array) {
  const view = Buffer.from(bytes);
  expect(view.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20), colourType: view[25] };
}

describe("steward teams-package", () => {
  const dir = tempDir("steward-teams-package-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the zip to upload: the manifest with the bot's id, and the two icons, at its root", async () => {
    const file = join(dir, "steward.zip");
    const result = await steward(["teams-package", "--out", file], { ...teamsEnv, DATABASE_PATH: join(dir, "db") });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`✅ Wrote ${file}`);
    const files = unzipSync(readFileSync(file));
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"])) as Manifest;
    expect(manifest.id).toBe(CLIENT_ID);
    expect(manifest.bots.map((b) => b.botId)).toEqual([CLIENT_ID]);
    expect(pngHeader(files["color.png"]!)).toEqual({ width: 192, height: 192, colourType: 6 });
    expect(pngHeader(files["outline.png"]!)).toEqual({ width: 32, height: 32, colourType: 6 });
  });

  it("needs only TEAMS_CLIENT_ID, warns about the placeholder URLs, and writes into data/ by default", async () => {
    // As a process: the default path is relative to the folder it runs from, here a stand-in for a clone.
    const cwd = join(dir, "clone");
    mkdirSync(cwd);
    const result = await stewardProcess(["teams-package"], { TEAMS_CLIENT_ID: CLIENT_ID }, "", { cwd });
    expect(result.code, result.stderr).toBe(0);
    const file = join(cwd, "data", "secret-steward-teams.zip");
    expect(result.stdout).toContain(`✅ Wrote ${file}`);
    expect(Object.keys(unzipSync(readFileSync(file))).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    expect(readdirSync(cwd)).toEqual(["data"]);
    expect(result.stdout).toContain(
      "⚠️ Its developer URLs are still the template's placeholders (https://steward.example.org, https://steward.example.org/privacy, https://steward.example.org/terms)",
    );
  });

  it("says what to set, and exits 1, when TEAMS_CLIENT_ID is not set", async () => {
    const result = await steward(["teams-package"], { DATABASE_PATH: join(dir, "db") });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("TEAMS_CLIENT_ID is not set");
  });

  it("refuses a TEAMS_CLIENT_ID that is not a Microsoft App ID, and exits 1", async () => {
    const env = { ...teamsEnv, TEAMS_CLIENT_ID: "my-bot", DATABASE_PATH: join(dir, "db") };
    const result = await steward(["teams-package", "--out", join(dir, "bad.zip")], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TEAMS_CLIENT_ID must be the bot\'s Microsoft App ID, a GUID; "my-bot" is not one');
  });
});

describe("adapters/teams/app-package/manifest.json", () => {
  const manifest = JSON.parse(
    readFileSync(join(ROOT, "adapters", "teams", "app-package", "manifest.json"), "utf8"),
  ) as Manifest;

  it("follows the current schema and offers the bot in personal chats, teams and group chats", () => {
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(manifest.manifestVersion).toBe("1.22");
    expect(manifest.bots[0]?.scopes).toEqual(["personal", "team", "groupChat"]);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
  });

  it("lists only real chat commands, within Teams' limits (10 per scope, short titles and descriptions)", () => {
    const visible = new Set(commands.filter((c) => !c.traits.isHidden).map((c) => c.name));
    const lists = manifest.bots[0]!.commandLists;
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(["groupChat", "personal", "team"]);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const command of list.commands) {
        expect(visible).toContain(command.title);
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }
    const channelCommands = lists.find((l) => l.scopes.includes("team"))!.commands.map((c) => c.title);
    expect(channelCommands).toContain("alerts");
  });
});
