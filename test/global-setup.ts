/**
 * Once per run and project: build the CLI when the build is missing (the few tests that start a real
 * `steward` process run bin/steward.js over dist/), and migrate one SQLite file that every SQLite test
 * database is copied from (test/helpers/database.ts), so no test pays for the migrations.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../db/open.js";

export default async function setup(project: TestProject): Promise<() => void> {
  const root = join(import.meta.dirname, "..");
  if (!existsSync(join(root, "dist", "adapters", "cli", "main.js"))) {
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  }
  const dir = mkdtempSync(join(tmpdir(), "steward-template-"));
  const template = join(dir, "steward.db");
  const db = await openDatabase({ databasePath: template });
  await db.close();
  project.provide("sqliteTemplate", template);
  return () => rmSync(dir, { recursive: true, force: true });
}
