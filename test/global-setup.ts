/** CLI and start-up tests run the built CLI; build it once when the build is missing. */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export default function setup(): void {
  const root = join(import.meta.dirname, "..");
  if (!existsSync(join(root, "dist", "adapters", "cli", "main.js"))) {
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  }
}
