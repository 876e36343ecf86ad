/** `steward start|console|migrate|backup`: running and operating the bot. */
import { existsSync, rmSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { Command } from "commander";
import { plural } from "../../src/messages/format.js";
import { runConsole } from "../console/repl.js";
import { pepperPathFor } from "../providers/builtin/pepper.js";
import { isTerminal } from "./cli-io.js";
import { type Cli, CliExit, defaultConsoleEmail } from "./runtime.js";

export function registerOpsCommands(program: Command, cli: Cli): void {
  const { err, out, withRuntime } = cli;
  // Loaded only for `start`: Slack's and Teams' SDKs take most of a second to import, which every other
  // command would otherwise pay.
  program
    .command("start")
    .description("run the bot: HTTP endpoints (and the console on a terminal)")
    .action(async () => (await import("../root/start.js")).runBot(cli));

  program
    .command("console")
    .description("the chat commands in a terminal; reads stdin when it is not a TTY")
    .option("--as <email>", "who you are (default: the first ADMIN_EMAILS entry, else your login)")
    .action((opts: { as?: string }) =>
      withRuntime(async (rt) => {
        const isTTY = isTerminal(cli.io.stdin);
        const outcome = await runConsole(rt, {
          email: opts.as ?? defaultConsoleEmail(rt.config),
          input: cli.io.stdin,
          output: cli.io.stdout,
          isTTY,
        });
        // A script learns from the exit code that a line failed (a person at a terminal saw each ❌).
        if (!isTTY && outcome.failed > 0) {
          err(`❌ ${plural(outcome.failed, "command")} of ${outcome.commands} failed (see the ❌ lines above).`);
          throw new CliExit(1);
        }
      }),
    );

  program
    .command("migrate")
    .description("apply database migrations and exit")
    .action(() => withRuntime((rt) => out(`✅ Database ${rt.db.location} is migrated.`)));

  program
    .command("backup <file>")
    .description("a consistent online copy of the database (safe while the bot runs)")
    .action((file: string) => {
      if (file.trim() === "")
        cli.usageError("Give the file to write the copy to, e.g. steward backup backups/steward.db");
      return withRuntime(async (rt) => {
        if (!rt.db.backup) {
          err(
            `❌ steward backup copies the SQLite file; this bot uses ${rt.db.location}. Back it up with pg_dump (see "Running several replicas" in README.md).`,
          );
          throw new CliExit(1);
        }
        const target = resolve(file);
        const problem = backupTargetProblem(target);
        if (problem) {
          err(`❌ ${problem}`);
          throw new CliExit(1);
        }
        try {
          await rt.db.backup(target);
        } catch (error) {
          removeQuietly(target);
          err(
            `❌ Could not write the copy to ${target}: ${reasonOf(error)}. Choose a file you may write, then run it again.`,
          );
          throw new CliExit(1);
        }
        out(`✅ Backed up ${rt.config.databasePath} to ${target}.`);
        if (!rt.config.pepper) {
          out(`Keep ${pepperPathFor(rt.config.databasePath)} with it: built-in secrets cannot be checked without it.`);
        }
      });
    });
}

/** Linux's limits on one file name and on a whole path, in bytes (NAME_MAX, PATH_MAX less its NUL). */
const NAME_MAX = 255;
const PATH_MAX = 4095;

/** What is wrong with writing a new file at `target`, said so the operator knows what to do; or null. */
function backupTargetProblem(target: string): string | null {
  const name = basename(target);
  if (Buffer.byteLength(name) > NAME_MAX) {
    return `The file name is ${name.length} characters long; a file name may have at most ${NAME_MAX} bytes. Choose a shorter name.`;
  }
  if (Buffer.byteLength(target) > PATH_MAX) {
    return `The path is ${target.length} characters long; a path may have at most ${PATH_MAX} bytes. Choose a shorter one.`;
  }
  if (existsSync(target)) return `${target} already exists; choose a new file name.`;
  const directory = dirname(target);
  if (!existsSync(directory)) {
    return `The directory ${directory} does not exist. Create it first (mkdir -p ${directory}), or choose a file in an existing directory.`;
  }
  if (!statSync(directory).isDirectory()) return `${directory} is not a directory; choose a file in a directory.`;
  return null;
}

/** Removes what a failed copy left, if anything; a file that cannot even be looked at is left alone. */
function removeQuietly(target: string): void {
  try {
    rmSync(target, { force: true });
  } catch {
    // Nothing was written there: the copy failed before it could create the file.
  }
}

/** A file system error in a few words, never a stack. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "the file system is read-only";
  if (code === "ENOSPC") return "the disk is full";
  if (code === "ENAMETOOLONG") return "the file name is too long";
  return (error as Error).message.replace(/\.$/, "");
}
