/**
 * What every CLI command shares: one run's context (its streams and environment), configuration, the
 * runtime, output, and exit codes.
 */
import { userInfo } from "node:os";
import { ZodError } from "zod";
import { DatabaseUnavailable } from "../../db/database.js";
import { errorText } from "../../src/commands/chat-error.js";
import { type Config, loadConfig } from "../../src/config.js";
import { AppError, isAppError } from "../../src/errors.js";
import { createLogger, type Logger } from "../../src/log.js";
import { visible } from "../../src/messages/markup.js";
import type { Clock } from "../../src/ports/clock.js";
import { openRuntime, type Runtime, type RuntimeOptions } from "../root/runtime.js";
import { type CliIo, isTerminal } from "./cli-io.js";

/** Thrown to end a command with an exit code after its message was printed; 2 also prints the usage. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    readonly showsUsage = false,
  ) {
    super(`exit ${code}`);
  }
}

/** Why a run failed, for `--json`: an AppError's code, USAGE for bad usage, FAILED for anything else. */
export type CliFailure = { code: string; lines: string[] };

/** One run of the CLI. Everything a command prints or reads goes through its `io`, never the process's. */
export type Cli = {
  readonly io: CliIo;
  /** `--json` was asked for: a failure is printed as JSON on stdout too (see printFailure). */
  readonly isJson: boolean;
  /** What the run said went wrong so far (lines given to `err`), and its code once known. */
  readonly failure: CliFailure;
  /** A line for stdout; every line goes through `visible`, so a name can never drive the operator's terminal. */
  out(text: string): void;
  /** A line for stderr, likewise. */
  err(text: string): void;
  printJson(data: unknown): void;
  /** Bad usage: says what is wrong (and what is allowed), then the usage follows; exit 2. */
  usageError(problem: string): never;
  /** Validates the environment; on any problem lists them all and exits 1. */
  configOrExit(): Config;
  /** The logger on stderr (stdout is for answers); quiet keeps it to warnings and worse unless LOG_LEVEL asks for debug. */
  logger(config: Config, isQuiet?: boolean): Logger;
  /** Opens the database, or says in one line which one could not be opened (never a password) and exits 1. */
  openRuntimeOrExit(config: Config, log: Logger, clock?: Clock, options?: Partial<RuntimeOptions>): Promise<Runtime>;
  /** Runs `work` with an open runtime, closed after; errors become a one-line message and exit 1 (2 for bad input). */
  withRuntime<T>(
    work: (runtime: Runtime) => T | Promise<T>,
    clock?: Clock,
    options?: Partial<RuntimeOptions>,
  ): Promise<T>;
};

/** Input a verb refused as not valid is bad usage too (a bad --expires, --contact, e-mail or name). */
const isBadInput = (error: unknown) =>
  error instanceof ZodError || (error instanceof AppError && error.code === "VALIDATION");

/** Quiet: LOG_LEVEL=info (the default) becomes warn; debug and trace are asked for, so they are kept. */
const atLeastWarn = (level: string) => (level === "info" ? "warn" : level);

export function cliContext(io: CliIo, isJson = false): Cli {
  const failure: CliFailure = { code: "FAILED", lines: [] };
  const out = (text: string): void => {
    io.stdout.write(`${visible(text)}\n`);
  };
  // Under --json a failure becomes one JSON object on stdout at the end (printFailure), not lines on stderr.
  const err = (text: string): void => {
    if (isJson) failure.lines.push(visible(text));
    else io.stderr.write(`${visible(text)}\n`);
  };
  const cli: Cli = {
    io,
    isJson,
    failure,
    out,
    err,
    printJson: (data) => out(JSON.stringify(data, null, 2)),
    usageError: (problem) => {
      err(`❌ ${problem}`);
      throw new CliExit(2, true);
    },
    configOrExit: () => {
      const result = loadConfig(io.env);
      if (result.ok) return result.config;
      failure.code = "CONFIG";
      err("❌ The configuration has problems (see the configuration table in README.md):");
      for (const problem of result.problems) err(`  - ${problem}`);
      throw new CliExit(1);
    },
    logger: (config, isQuiet = true) =>
      createLogger({
        level: isQuiet ? atLeastWarn(config.logLevel) : config.logLevel,
        pretty: isTerminal(io.stderr),
        destination: io.stderr,
      }),
    openRuntimeOrExit: async (config, log, clock, options = {}) => {
      try {
        // Under --json, stdout holds only the JSON: mail printed for want of SMTP_URL goes to stderr.
        return await openRuntime(config, log, clock, { out: isJson ? io.stderr : io.stdout, ...options });
      } catch (error) {
        err(`❌ ${databaseProblem(config, error)}`);
        throw new CliExit(1);
      }
    },
    withRuntime: async (work, clock, options) => {
      const config = cli.configOrExit();
      const log = cli.logger(config);
      // One command, then close: it caches nothing, so it follows no other replica's changes (no LISTEN connection).
      const runtime = await cli.openRuntimeOrExit(config, log, clock, { isFollowingChanges: false, ...options });
      try {
        return await work(runtime);
      } catch (error) {
        if (error instanceof CliExit) throw error;
        // One line on the terminal; the cause (a provider's answer, with its stack) only at LOG_LEVEL=debug.
        err(errorText(error, log, { causeLevel: "debug" }));
        if (isAppError(error)) failure.code = error.code;
        throw isBadInput(error) ? new CliExit(2, true) : new CliExit(1);
      } finally {
        await runtime.close();
      }
    },
  };
  return cli;
}

/**
 * Under --json, a failed run prints `{ "error": { "code", "message", "exitCode" } }` on stdout: the
 * code an AppError's (NOT_FOUND, CONFLICT, …), USAGE for bad usage, FAILED otherwise; the message the
 * lines a person would have read, without their ❌.
 */
export function printFailure(cli: Cli, exitCode: number): void {
  if (!cli.isJson || exitCode === 0) return;
  const code = exitCode === 2 ? "USAGE" : cli.failure.code;
  const lines = cli.failure.lines.map((line) => line.replace(/^❌ /u, ""));
  const message = lines.filter((line) => !line.startsWith("usage: ")).join("\n");
  const usage = lines.find((line) => line.startsWith("usage: "));
  const error = { code, message, exitCode, ...(usage ? { usage: usage.slice("usage: ".length) } : {}) };
  cli.io.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
}

function databaseProblem(config: Config, error: unknown): string {
  if (error instanceof DatabaseUnavailable) return error.message;
  const message = (error as Error).message;
  return config.databaseUrl
    ? `Could not use the PostgreSQL database: ${message}`
    : `Could not open the database at ${config.databasePath}: ${message}`;
}

/** Who the console is when --as is not given: the first administrator, else the login at this machine. */
export const defaultConsoleEmail = (config: Config): string =>
  config.adminEmails[0] ??
  `${
    userInfo()
      .username.toLowerCase()
      .replace(/[^a-z0-9._-]/g, "") || "you"
  }@steward.local`;

export const operatorLogin = (): string => userInfo().username || "operator";
