// `npm run playground`: the Microsoft 365 Agents Playground (a dev dependency) against the bot's Teams
// endpoint, with its files kept out of the work tree. The playground logs every activity — a revealed
// secret's value included — to ./devTools/m365agentsplayground.log of the folder it runs in; here it runs
// in a private temporary folder (mode 0700) that is deleted when it stops, so no value is left in a file.
// Arguments are the playground's own (`-e <endpoint> -c msteams` by default, port from PORT).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const cli = createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/cli.js");
const folder = mkdtempSync(join(tmpdir(), "steward-playground-"));
const config = resolve(".m365agentsplayground.yml");
const args =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ["-e", `http://localhost:${process.env.PORT || "3000"}/api/messages`, "-c", "msteams"];

console.log(`Agents Playground files (its log holds every message) in ${folder}, deleted when it stops.`);
const child = spawn(process.execPath, [cli, ...args], {
  cwd: folder,
  stdio: "inherit",
  env: {
    ...process.env,
    M365_AGENTS_PLAYGROUND_LOGFILE: join(folder, "devTools", "m365agentsplayground.log"),
    M365_AGENTS_PLAYGROUND_RECORDING_FILE: join(folder, "devTools", "events_recording.log"),
    ...(existsSync(config) ? { M365_AGENTS_PLAYGROUND_CONFIG_PATH: config } : {}),
  },
});
const forget = () => rmSync(folder, { recursive: true, force: true });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  forget();
  console.error(`❌ Could not start the Agents Playground: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  forget();
  process.exit(code ?? (signal ? 0 : 1));
});
