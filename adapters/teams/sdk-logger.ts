/**
 * The Teams SDK's logger, onto ours. Only its warnings and errors pass, and only as text: the SDK logs
 * whole activities and HTTP errors at other levels and as objects, and an outbound activity can carry a
 * one-time secret value. Objects are reduced to their type (errors to name and message).
 */
import type { ILogger, ILoggerOptions, LogLevel } from "@microsoft/teams.common";
import type { Logger } from "../../src/log.js";

function describe(part: unknown): string {
  if (typeof part === "string") return part.slice(0, 300);
  if (typeof part === "number" || typeof part === "boolean") return String(part);
  if (part instanceof Error) return `${part.name}: ${part.message.slice(0, 300)}`;
  return `[${part === null ? "null" : typeof part}]`;
}

/** An SDK logger that writes warnings and errors to `log` as one line of text, with the SDK's logger name. */
export function sdkLogger(log: Logger, name = "teams-sdk"): ILogger {
  const write = (level: LogLevel, parts: unknown[]) => {
    const text = parts.map(describe).join(" ");
    if (level === "error") log.error({ component: name }, text);
    else if (level === "warn") log.warn({ component: name }, text);
  };
  const logger: ILogger = {
    loggerOptions: { level: "warn" } satisfies ILoggerOptions,
    debug: () => {},
    trace: () => {},
    info: () => {},
    warn: (...parts: unknown[]) => write("warn", parts),
    error: (...parts: unknown[]) => write("error", parts),
    log: (level: LogLevel, ...parts: unknown[]) => write(level, parts),
    child: (child: string) => sdkLogger(log, `${name}/${child}`),
  };
  return logger;
}
