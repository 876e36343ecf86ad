/** `steward start|console|migrate|backup`: running and operating the bot. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { runConsole } from "../console/repl.js";
import { pepperPathFor } from "../providers/builtin/pepper.js";
import { CliExit, defaultConsoleEmail, err, out, withRuntime } from "./runtime.js";

export function registerOpsCommands(program: Command): void {
  // Loaded only for `start`: Slack's and Teams' SDKs take most of a second to import, which every other
  // command would otherwise pay.
  program
    .command("start")
    .description("run the bot: HTTP endpoints (and the console on a terminal)")
    .action(async () => (await import("../root/start.js")).runBot());

  program
    .command("console")
    .description("the chat commands in a terminal; reads stdin when it is not a TTY")
    .option("--as <email>", "who you are (default: the first ADMIN_EMAILS entry, else your login)")
    .action((opts: { as?: string }) =>
      withRuntime((rt) =>
        runConsole(rt, {
          email: opts.as ?? defaultConsoleEmail(rt.config),
          input: process.stdin,
          output: process.stdout,
          isTTY: process.stdin.isTTY === true,
        }),
      ),
    );

  program
    .command("migrate")
    .description("apply database migrations and exit")
    .action(() => withRuntime((rt) => out(`✅ Database ${rt.db.location} is migrated.`)));

  program
    .command("backup <file>")
    .description("a consistent online copy of the database (safe while the bot runs)")
    .action((file: string) =>
      withRuntime(async (rt) => {
        if (!rt.db.backup) {
          err(
            `❌ steward backup copies the SQLite file; this bot uses ${rt.db.location}. Back it up with pg_dump (see "Running several replicas" in README.md).`,
          );
          throw new CliExit(1);
        }
        const target = resolve(file);
        if (existsSync(target)) {
          err(`❌ ${target} already exists; choose a new file name.`);
          throw new CliExit(1);
        }
        await rt.db.backup(target);
        out(`✅ Backed up ${rt.config.databasePath} to ${target}.`);
        if (!rt.config.pepper) {
          out(`Keep ${pepperPathFor(rt.config.databasePath)} with it: built-in secrets cannot be checked without it.`);
        }
      }),
    );
}
