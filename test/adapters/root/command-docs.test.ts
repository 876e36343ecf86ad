import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  README_MARKERS,
  readmeCommandTable,
  slackUsageHint,
  TEAMS_MENU_MAX,
  teamsCommandLists,
} from "../../../adapters/root/command-docs.js";
import { commands } from "../../../src/commands/registry.js";
import { ROOT } from "../../helpers/cli.js";

const read = (...path: string[]) => readFileSync(join(ROOT, ...path), "utf8");
/** A Markdown table's cells, whatever padding a formatter gave its columns. */
const cells = (table: string) =>
  table
    .trim()
    .split("\n")
    .map((row) => row.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/^-+$/, "-")));

const FIX = "The command lists are out of date: run `npm run docs:commands` and commit what it writes.";

describe("the command lists outside the code, made from the command registry", () => {
  const visible = commands.filter((c) => !c.traits.isHidden);

  it("keeps the Slack manifest's usage hint to every command of the registry", () => {
    const manifest = JSON.parse(read("manifest.json"));
    const hint: string = manifest.features.slash_commands[0].usage_hint;
    expect(hint, FIX).toBe(slackUsageHint(commands));
    for (const c of visible) expect(hint).toContain(c.name);
    expect(hint).not.toMatch(/\bconfirm\b|\bcancel\b/);
  });

  it("keeps the Teams manifest's menus to the registry, within Teams' ten per scope", () => {
    const manifest = JSON.parse(read("adapters", "teams", "app-package", "manifest.json"));
    const lists = manifest.bots[0].commandLists;
    expect(lists, FIX).toEqual(teamsCommandLists(commands));
    const names = new Set(visible.map((c) => c.name));
    for (const list of lists as ReturnType<typeof teamsCommandLists>) {
      expect(list.commands.length).toBeLessThanOrEqual(TEAMS_MENU_MAX);
      expect(list.commands[0]?.title).toBe("help");
      for (const c of list.commands) expect(names).toContain(c.title);
    }
  });

  it("keeps README's command table to the registry: every command, its usage and who may use it", () => {
    const readme = read("README.md");
    const table = readme.slice(
      readme.indexOf(README_MARKERS.start) + README_MARKERS.start.length,
      readme.indexOf(README_MARKERS.end),
    );
    expect(cells(table), FIX).toEqual(cells(readmeCommandTable(commands)));
    for (const c of visible) expect(table).toContain(`\`${c.usage.replace(/\|/g, "\\|")}\``);
  });
});
