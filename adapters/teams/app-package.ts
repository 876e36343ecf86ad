/**
 * The Teams app package to upload: manifest.json with the bot's id (TEAMS_CLIENT_ID) filled in, and the
 * two icons, zipped at the root of the archive as Teams expects. Zipped with fflate (no dependencies,
 * a few KB, synchronous): a zip writer by hand would be CRC tables and header layouts to get wrong.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { z } from "zod";

const here = dirname(fileURLToPath(import.meta.url));

/** The template folder, whether running from source (adapters/teams/) or from the build (dist/adapters/teams/). */
export const appPackageFolder = [
  join(here, "app-package"),
  join(here, "..", "..", "..", "adapters", "teams", "app-package"),
].find((dir) => existsSync(join(dir, "manifest.json")));

function templateFolder(): string {
  if (!appPackageFolder) throw new Error("adapters/teams/app-package is missing from this installation");
  return appPackageFolder;
}

const Guid = z.guid();

const Manifest = z.looseObject({
  id: z.string(),
  version: z.string(),
  bots: z.array(z.looseObject({ botId: z.string() })).min(1),
  icons: z.object({ color: z.string(), outline: z.string() }),
});

/** The manifest for this bot: the app id and the bot id are both the bot's Microsoft App ID. */
export function teamsManifest(clientId: string): Record<string, unknown> {
  const folder = templateFolder();
  const parsed = Guid.safeParse(clientId);
  if (!parsed.success) {
    throw new Error(`TEAMS_CLIENT_ID must be the bot's Microsoft App ID, a GUID; "${clientId}" is not one`);
  }
  const id = parsed.data;
  const manifest = Manifest.parse(JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8")));
  return { ...manifest, id, bots: manifest.bots.map((bot) => ({ ...bot, botId: id })) };
}

/** The zip: manifest.json, color.png and outline.png at its root. */
export function teamsAppPackage(clientId: string): Uint8Array {
  const manifest = teamsManifest(clientId);
  const folder = templateFolder();
  const icons = Manifest.parse(manifest).icons;
  return zipSync(
    {
      "manifest.json": new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
      [icons.color]: readFileSync(join(folder, icons.color)),
      [icons.outline]: readFileSync(join(folder, icons.outline)),
    },
    { level: 9, mtime: new Date("2026-01-01T00:00:00Z") },
  );
}
