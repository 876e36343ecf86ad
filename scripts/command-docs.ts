/**
 * Writes the command lists made from the registry into the Slack manifest, the Teams manifest and
 * README.md (`npm run docs:commands`); test/adapters/root/command-docs.test.ts fails when they drift.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type SlackManifest,
  type TeamsManifest,
  withReadmeTable,
  withSlackCommands,
  withTeamsCommands,
} from "../adapters/root/command-docs.js";
import { commands } from "../src/commands/registry.js";

const root = join(import.meta.dirname, "..");
const documentedFiles = {
  slack: join(root, "manifest.json"),
  teams: join(root, "adapters", "teams", "app-package", "manifest.json"),
  readme: join(root, "README.md"),
};

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;
const writeJson = (path: string, value: unknown) => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);

writeJson(documentedFiles.slack, withSlackCommands(readJson<SlackManifest>(documentedFiles.slack), commands));
writeJson(documentedFiles.teams, withTeamsCommands(readJson<TeamsManifest>(documentedFiles.teams), commands));
writeFileSync(documentedFiles.readme, withReadmeTable(readFileSync(documentedFiles.readme, "utf8"), commands));
console.log("Wrote the command lists into manifest.json, adapters/teams/app-package/manifest.json and README.md.");
