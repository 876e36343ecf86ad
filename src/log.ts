/**
 * pino, JSON in production and readable on a TTY. Secret-bearing fields are redacted wherever they
 * appear, as a second line of defence: no code path logs a value on purpose.
 */
import { createRequire } from "node:module";
import { type Logger, pino } from "pino";
import type PinoPretty from "pino-pretty";

export type { Logger };

export const redactPaths = [
  "secret",
  "value",
  "secretText",
  "client_secret",
  "password",
  "authorization",
  "*.secret",
  "*.value",
  "*.secretText",
  "*.client_secret",
  "*.password",
  "*.authorization",
  "*.headers.authorization",
  "*.headers.cookie",
  "*.*.authorization",
];

export type LogOptions = {
  level: string;
  /** Human-readable output (a TTY); JSON otherwise. */
  pretty?: boolean;
  /** Where the lines go: the CLI's stderr, the server's stdout, a test's buffer. Default: stdout. */
  destination?: pino.DestinationStream;
};

/**
 * Creates a logger. Every line is written at once, in this thread (no transport worker), so nothing is
 * lost when a CLI command ends, and a destination that is not the process's own stream gets every line.
 */
export function createLogger({ level, pretty = false, destination }: LogOptions): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: redactPaths, censor: "[redacted]" },
    base: { service: "secret-steward" },
  };
  const target = destination ?? pino.destination({ fd: 1, sync: true });
  return pino(options, pretty ? prettyLines(target) : target);
}

/**
 * pino-pretty's formatting applied line by line before `destination` gets it. Loaded only for a
 * terminal: a scripted CLI command does not pay for its import.
 */
function prettyLines(destination: pino.DestinationStream): pino.DestinationStream {
  const { prettyFactory } = createRequire(import.meta.url)("pino-pretty") as typeof PinoPretty;
  const format = prettyFactory({ colorize: true, ignore: "pid,hostname,service" });
  return { write: (line: string) => destination.write(format(line)) };
}
