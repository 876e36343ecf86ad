/** `steward teams-package`: the Teams app package (manifest and icons) to upload, for the bot in TEAMS_CLIENT_ID. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { teamsClientIdOf } from "../../src/config.js";
import { teamsAppPackage, teamsManifest } from "../teams/app-package.js";
import { type Cli, CliExit } from "./runtime.js";

/** Beside the database, in data/ (which git ignores), not in the folder it runs from (a clone's root). */
export const DEFAULT_PACKAGE_FILE = "data/secret-steward-teams.zip";

/** The manifest's URLs still pointing at the template's placeholder host. */
const placeholderUrls = (manifest: Record<string, unknown>): string[] => [
  ...new Set(JSON.stringify(manifest).match(/https?:\/\/steward\.example\.org[^"]*/g) ?? []),
];

/** Adds `steward teams-package` to the CLI. */
export function registerTeamsCommands(program: Command, cli: Cli): void {
  const { err, out } = cli;
  program
    .command("teams-package")
    .description("write the Microsoft Teams app package (manifest.json and icons) for the bot in TEAMS_CLIENT_ID")
    .option("--out <file.zip>", "where to write it", DEFAULT_PACKAGE_FILE)
    .action((opts: { out: string }) => {
      // Only the bot's id goes into the package: nothing else of the configuration is needed or checked.
      const id = teamsClientIdOf(cli.io.env);
      if (!id.ok) {
        err(
          `❌ ${id.problem ?? "TEAMS_CLIENT_ID is not set: set it to your Azure Bot's Microsoft App ID (Configuration → Microsoft App ID), then run this again."}`,
        );
        throw new CliExit(1);
      }
      const file = resolve(opts.out);
      let zip: Uint8Array;
      let placeholders: string[];
      try {
        placeholders = placeholderUrls(teamsManifest(id.clientId));
        zip = teamsAppPackage(id.clientId);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, zip);
      } catch (error) {
        err(`❌ Could not write the Teams app package to ${file}: ${(error as Error).message}`);
        throw new CliExit(1);
      }
      out(`✅ Wrote ${file} (${zip.byteLength} bytes) for bot ${id.clientId}.`);
      if (placeholders.length > 0) {
        out(
          `⚠️ Its developer URLs are still the template's placeholders (${placeholders.join(", ")}): Teams shows them to everyone who installs the app. Put your own in adapters/teams/app-package/manifest.json and run this again.`,
        );
      }
      out("Upload it in Teams: Apps → Manage your apps → Upload an app (or the Teams admin center for everyone).");
    });
}
