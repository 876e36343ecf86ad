/**
 * The command lists that live outside the code — the Slack manifest's usage hint, the Teams manifest's
 * command menus and README's command table — made from the command registry, so they cannot lag behind
 * it. `npm run docs:commands` writes them (scripts/command-docs.ts); a test fails when they drift.
 */
import type { Command } from "../../src/commands/command.js";
import type { CommandAccess } from "../../src/policy.js";

/** Who may use a command, as README says it. */
const whoMay: Record<CommandAccess, string> = {
  anyone: "anyone",
  viewer: "anyone with a grant",
  manager: "manager",
  auditor: "administrator, manager of that app",
  "alert-router": "administrator, organisation manager",
  decider: "administrator, organisation manager",
  administrator: "administrator",
};

/** Everyday commands first: that is the order a menu cut at Teams' ten shows. */
const menuRank: Record<CommandAccess, number> = {
  anyone: 0,
  viewer: 1,
  manager: 2,
  decider: 3,
  "alert-router": 4,
  auditor: 5,
  administrator: 6,
};

/** Teams shows at most ten commands per scope (manifest schema: commandLists[].commands maxItems 10). */
export const TEAMS_MENU_MAX = 10;
const TEAMS_DESCRIPTION_MAX = 128;

const visible = (commands: Command[]) => commands.filter((c) => !c.traits.isHidden);

/** A command's words without its options: `show <app>`, `alerts here|off <organisation>`. */
export const shortUsage = (command: Command): string =>
  command.usage
    .replace(/\s*\[--[^\]]*\]/g, "")
    .replace(/\s+/g, " ")
    .trim();

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Slack's `/secrets` usage hint: every command a person can type, with its words. */
export const slackUsageHint = (commands: Command[]): string => visible(commands).map(shortUsage).join(" | ");

export type TeamsCommandList = { scopes: string[]; commands: { title: string; description: string }[] };

/**
 * The Teams menus: the personal chat's (no channel-only commands) and the channels' and group chats'
 * (where a command that shows a secret continues in the personal chat). Each is cut at ten, everyday
 * commands first; `help` lists the rest.
 */
export function teamsCommandLists(commands: Command[]): TeamsCommandList[] {
  const menu = (isChannel: boolean) =>
    visible(commands)
      .filter((c) => isChannel || !c.traits.needsChannel)
      .map((c, order) => ({ c, order, rank: isChannel && c.traits.needsChannel ? 0.5 : menuRank[c.access] }))
      .sort((a, b) => a.rank - b.rank || a.order - b.order)
      .slice(0, TEAMS_MENU_MAX)
      .map(({ c }) => {
        const words = shortUsage(c);
        const what =
          isChannel && c.traits.revealsSecret ? "continues in your personal chat, where the value is shown" : c.summary;
        // With its words where they fit in Teams' 128 characters, else what it does alone.
        const withWords = `${words}: ${what}`;
        const description =
          words !== c.name && withWords.length <= TEAMS_DESCRIPTION_MAX ? withWords : capitalised(what);
        return { title: c.name, description: cut(description, TEAMS_DESCRIPTION_MAX) };
      });
  return [
    { scopes: ["personal"], commands: menu(false) },
    { scopes: ["team", "groupChat"], commands: menu(true) },
  ];
}

/** README's table of chat commands: usage, who may use it, what it does. */
export function readmeCommandTable(commands: Command[]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const rows = visible(commands).map((c) => `| \`${cell(c.usage)}\` | ${whoMay[c.access]} | ${cell(c.summary)} |`);
  return ["| command | who | what |", "| --- | --- | --- |", ...rows].join("\n");
}

/** README's generated part sits between these two lines. */
export const README_MARKERS = {
  start: "<!-- commands:start (generated from src/commands/registry.ts: npm run docs:commands) -->",
  end: "<!-- commands:end -->",
};

/** README with its command table replaced by the one the registry gives. */
export function withReadmeTable(readme: string, commands: Command[]): string {
  const start = readme.indexOf(README_MARKERS.start);
  const end = readme.indexOf(README_MARKERS.end);
  if (start === -1 || end < start) throw new Error("README.md has no command-table markers");
  return `${readme.slice(0, start + README_MARKERS.start.length)}\n${readmeCommandTable(commands)}\n${readme.slice(end)}`;
}

/** The Slack manifest with its `/secrets` usage hint from the registry. */
export function withSlackCommands(manifest: SlackManifest, commands: Command[]): SlackManifest {
  const [secrets, ...others] = manifest.features.slash_commands;
  if (!secrets) throw new Error("manifest.json has no slash command");
  return {
    ...manifest,
    features: {
      ...manifest.features,
      slash_commands: [{ ...secrets, usage_hint: slackUsageHint(commands) }, ...others],
    },
  };
}

/** The Teams manifest with its bot's command menus from the registry. */
export function withTeamsCommands(manifest: TeamsManifest, commands: Command[]): TeamsManifest {
  return { ...manifest, bots: manifest.bots.map((bot) => ({ ...bot, commandLists: teamsCommandLists(commands) })) };
}

export type SlackManifest = {
  features: { slash_commands: Array<Record<string, unknown>> } & Record<string, unknown>;
} & Record<string, unknown>;
export type TeamsManifest = { bots: Array<Record<string, unknown>> } & Record<string, unknown>;
