/** `steward teams-package`: the Teams app package (manifest and icons) to upload, for the bot in TEAMS_CLIENT_ID. */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { teamsAppPackage } from "../teams/app-package.js";
import { type Cli, CliExit } from "./runtime.js";

export const DEFAULT_PACKAGE_FILE = "secret-steward-teams.zip";

/** Adds `steward teams-package` to the CLI. */
export function registerTeamsCommands(program: Command, cli: Cli): void {
  const { configOrExit, err, out } = cli;
  program
    .command("teams-package")
    .description("write the Microsoft Teams app package (manifest.json and icons) for the bot in TEAMS_CLIENT_ID")
    .option("--out <file.zip>", "where to write it", DEFAULT_PACKAGE_FILE)
    .action((opts: { out: string }) => {
      const config = configOrExit();
      if (!config.teams) {
        err(
          "❌ TEAMS_CLIENT_ID is not set: set it (with TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID) to your Azure Bot's Microsoft App ID, then run this again.",
        );
        throw new CliExit(1);
      }
      const file = resolve(opts.out);
      let zip: Uint8Array;
      try {
        zip = teamsAppPackage(config.teams.clientId);
        writeFileSync(file, zip);
      } catch (error) {
        err(`❌ Could not write the Teams app package to ${file}: ${(error as Error).message}`);
        throw new CliExit(1);
      }
      out(`✅ Wrote ${file} (${zip.byteLength} bytes) for bot ${config.teams.clientId}.`);
      out("Upload it in Teams: Apps → Manage your apps → Upload an app (or the Teams admin center for everyone).");
    });
}
