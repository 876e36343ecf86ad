import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { typed } from "../../../src/commands/actions.js";
import { commandNames } from "../../../src/commands/names.js";
import { tokenize } from "../../../src/commands/tokenize.js";

const root = join(import.meta.dirname, "../../..");
const names = Object.values(commandNames).join("|");
/** A command written into wording by hand: `show X`, `/secrets list`, `alerts here`. */
const literal = new RegExp(`\`(/secrets )?(${names})\\b`);

/** Where people's words are written: the core's messages and commands, and each adapter's own wording. */
const wordingFiles = [
  ...readdirSync(join(root, "src/messages")).map((f) => join("src/messages", f)),
  ...readdirSync(join(root, "src/commands")).map((f) => join("src/commands", f)),
  ...["slack/slack-messages.ts", "teams/teams-messages.ts", "teams/alert-notifier.ts"].map((f) => join("adapters", f)),
];

/** The file's code without its comments, which may name commands freely. */
const codeOf = (file: string) =>
  readFileSync(join(root, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");

describe("command names in wording", () => {
  it("come from the command registry, never written by hand", () => {
    const found = wordingFiles.flatMap((file) => {
      const match = literal.exec(codeOf(file));
      return match ? [`${file}: ${match[0]}`] : [];
    });
    expect(found).toEqual([]);
  });

  it("catch a hand-written one (the check itself can fail)", () => {
    expect(literal.test("Type `show Demo-Search` to start.")).toBe(true);
    expect(literal.test("Type `/secrets list` for your own view.")).toBe(true);
    expect(literal.test("Type `showcase` to start.")).toBe(false);
  });

  it("are written so that typing them back gives the same words", () => {
    const line = typed("show", "Partner NL Search");
    expect(line).toBe('`show "Partner NL Search"`');
    expect(tokenize(line.slice(1, -1))).toEqual(["show", "Partner NL Search"]);
    expect(typed("request", "<app>", "manager")).toBe("`request <app> manager`");
  });
});
