/**
 * pino, JSON in production and readable on a TTY. Secret-bearing fields are redacted wherever they
 * appear, as a second line of defence: no code path logs a value on purpose.
 */
import { type Logger, pino } from "pino";

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
  /** 1 for stdout (the server), 2 for stderr (CLI and console, whose stdout is for answers). */
  fd?: 1 | 2;
  destination?: pino.DestinationStream;
};

/** Creates the process logger. Writes are synchronous so nothing is lost when a CLI command exits. */
export function createLogger({ level, pretty = false, fd = 1, destination }: LogOptions): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: redactPaths, censor: "[redacted]" },
    base: { service: "secret-steward" },
  };
  if (destination) return pino(options, destination);
  if (pretty) {
    return pino({
      ...options,
      transport: {
        target: "pino-pretty",
        options: { colorize: true, destination: fd, sync: true, ignore: "pid,hostname,service" },
      },
    });
  }
  return pino(options, pino.destination({ fd, sync: true }));
}
