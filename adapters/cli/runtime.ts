/** What every CLI command shares: configuration, the runtime, output, and exit codes. */
import { userInfo } from "node:os";
import { ZodError } from "zod";
import { DatabaseUnavailable } from "../../db/database.js";
import { errorText } from "../../src/commands/chat-error.js";
import { type Config, loadConfig } from "../../src/config.js";
import { AppError } from "../../src/errors.js";
import { createLogger, type Logger } from "../../src/log.js";
import { visible } from "../../src/messages/markup.js";
import type { Clock } from "../../src/ports/clock.js";
import { openRuntime, type Runtime, type RuntimeOptions } from "../root/runtime.js";

/** Thrown to end a command with an exit code after its message was printed; 2 also prints the usage. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    readonly showsUsage = false,
  ) {
    super(`exit ${code}`);
  }
}

/** Bad usage: says what is wrong (and what is allowed), then the usage follows; exit 2. */
export function usageError(problem: string): never {
  err(`❌ ${problem}`);
  throw new CliExit(2, true);
}

/** Input a verb refused as not valid is bad usage too (a bad --expires, --contact, e-mail or name). */
const isBadInput = (error: unknown) =>
  error instanceof ZodError || (error instanceof AppError && error.code === "VALIDATION");

/** Every line the CLI prints goes through `visible`: a name can never drive the operator's terminal. */
export const out = (text: string): void => {
  process.stdout.write(`${visible(text)}\n`);
};
export const err = (text: string): void => {
  process.stderr.write(`${visible(text)}\n`);
};
export const printJson = (data: unknown): void => out(JSON.stringify(data, null, 2));

/** Validates the environment; on any problem lists them all and exits 1. */
export function configOrExit(): Config {
  const result = loadConfig(process.env);
  if (result.ok) return result.config;
  err("❌ The configuration has problems (see the configuration table in README.md):");
  for (const problem of result.problems) err(`  - ${problem}`);
  throw new CliExit(1);
}

const atLeastWarn = (level: string) => (["info", "debug", "trace"].includes(level) ? "warn" : level);

export function cliLogger(config: Config, isQuiet = true): Logger {
  return createLogger({
    level: isQuiet ? atLeastWarn(config.logLevel) : config.logLevel,
    pretty: process.stderr.isTTY === true,
    fd: 2,
  });
}

/** Runs `work` with an open runtime; errors become a one-line message and exit 1. */
export async function withRuntime<T>(
  work: (runtime: Runtime) => T | Promise<T>,
  clock?: Clock,
  options: RuntimeOptions = {},
): Promise<T> {
  const config = configOrExit();
  const log = cliLogger(config);
  const runtime = await openRuntimeOrExit(config, log, clock, options);
  try {
    return await work(runtime);
  } catch (error) {
    if (error instanceof CliExit) throw error;
    err(errorText(error, log));
    throw isBadInput(error) ? new CliExit(2, true) : new CliExit(1);
  } finally {
    await runtime.close();
  }
}

/** Opens the database, or says in one line which one could not be opened (never a password) and exits 1. */
export async function openRuntimeOrExit(
  config: Config,
  log: Logger,
  clock?: Clock,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  try {
    return await openRuntime(config, log, clock, options);
  } catch (error) {
    err(`❌ ${databaseProblem(config, error)}`);
    throw new CliExit(1);
  }
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
