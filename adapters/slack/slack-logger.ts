/**
 * Bolt and the Slack Web API client log through our pino logger, as the `slack` component.
 *
 * Their debug level is dropped on purpose: the Web API client logs every request body at debug, and
 * the body of the views.update that reveals a new secret carries its value. Arguments that are not
 * text or errors are never printed either, for the same reason.
 */

import type { Logger as BoltLogger } from "@slack/bolt";
import { LogLevel } from "@slack/bolt";
import type { Logger } from "../../src/log.js";

const describe = (args: unknown[]): string =>
  args
    .map((arg) => {
      if (typeof arg === "string") return arg;
      if (arg instanceof Error) return arg.message;
      return "[data]";
    })
    .join(" ");

/** A Bolt logger that writes info, warnings and errors to `log`; debug output goes nowhere. */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: "slack" });
  return {
    debug: () => {},
    info: (...args: unknown[]) => child.info(describe(args)),
    warn: (...args: unknown[]) => child.warn(describe(args)),
    error: (...args: unknown[]) => child.error(describe(args)),
    // Bolt asks for INFO; the level that counts is LOG_LEVEL, applied by pino.
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

/** What may be logged of a failed Slack call: its error code, never its request or response body. */
export function slackFailure(error: unknown): { slackError: string } {
  if (error && typeof error === "object") {
    const data = (error as { data?: { error?: unknown } }).data;
    if (typeof data?.error === "string") return { slackError: data.error };
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") return { slackError: code };
  }
  return { slackError: error instanceof Error ? error.name : "unknown" };
}
