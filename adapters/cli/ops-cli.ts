/** `steward start|console|migrate|backup`: running and operating the bot. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { retryDeliveries, runReminderPass } from "../../src/jobs/reminder-pass.js";
import { startReminderScheduler } from "../../src/jobs/scheduler.js";
import { createLogger } from "../../src/log.js";
import { describeStartup, reminderParts, startServer } from "../../src/main.js";
import { syncClientSecretsQuietly } from "../../src/verbs/sync-client-secrets.js";
import { runConsole } from "../console/repl.js";
import { pepperPathFor } from "../providers/builtin/pepper.js";
import {
  CliExit,
  cliLogger,
  configOrExit,
  defaultConsoleEmail,
  err,
  openRuntimeOrExit,
  out,
  withRuntime,
} from "./runtime.js";

async function start(): Promise<void> {
  const config = configOrExit();
  const hasConsole = process.stdin.isTTY === true;
  const log = hasConsole
    ? cliLogger(config)
    : createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  const runtime = await openRuntimeOrExit(config, log);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(runtime);
  } catch (error) {
    await runtime.close();
    const code = (error as NodeJS.ErrnoException).code;
    err(
      code === "EADDRINUSE"
        ? `❌ Port ${config.port} on ${config.host} is in use. Stop the other process or set PORT to a free port.`
        : `❌ Could not start: ${(error as Error).message}`,
    );
    throw new CliExit(1);
  }
  const reminders = reminderParts(runtime);
  const scheduler = startReminderScheduler({
    cron: config.reminderCron,
    timeZone: config.reminderTimezone,
    log,
    pass: () => runReminderPass(reminders.deps, reminders.options),
    retry: () => retryDeliveries(reminders.deps),
  });
  const lines = describeStartup(config, server.address, runtime.db.location);
  const next = scheduler.nextRun();
  lines.push(
    `  Reminders ${config.reminderCron} ${config.reminderTimezone}${next ? ` (next ${next.toISOString()})` : ""}; e-mail ${config.smtpUrl ? "via SMTP_URL" : "printed here, not sent (set SMTP_URL)"}`,
  );
  lines.push(
    hasConsole
      ? "The console below runs the chat commands; type help."
      : "Next: npx steward console   (the chat commands in a terminal)",
  );
  out(lines.join("\n"));
  log.info({ address: server.address }, "serving");
  // Secrets changed in the Entra portal while the bot was down; a Graph outage only warns.
  void syncClientSecretsQuietly(runtime);

  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    scheduler.stop();
    await server.stop();
    reminders.close();
    await runtime.close();
    log.info("stopped");
  };
  await new Promise<void>((done) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().then(done));
    if (hasConsole) {
      void runConsole(runtime, {
        email: defaultConsoleEmail(config),
        input: process.stdin,
        output: process.stdout,
        isTTY: true,
      }).then(() => out("Console closed; the bot keeps serving. Press Ctrl+C to stop."));
    }
  });
}

export function registerOpsCommands(program: Command): void {
  program.command("start").description("run the bot: HTTP endpoints (and the console on a terminal)").action(start);

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
