/**
 * Maps any error to a reply. An AppError shows its (safe) message; invalid input shows the first
 * problem; anything else becomes "Something went wrong (ref …)" with the same ref in the log.
 */
import { randomBytes } from "node:crypto";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../../db/database.js";
import { isAppError } from "../errors.js";
import type { Logger } from "../log.js";
import { errors } from "../messages/errors.js";
import { type Reply, reply } from "../reply.js";

/**
 * Where a refusal's cause (e.g. a provider's answer) is logged: `warn` for a server, whose log is the
 * operator's; `debug` for the CLI, whose terminal shows the one line and keeps the detail for LOG_LEVEL=debug.
 */
export type ErrorTextOptions = { causeLevel?: "warn" | "debug" };

export function errorText(error: unknown, log: Logger, options: ErrorTextOptions = {}): string {
  if (isAppError(error)) {
    if (error.code === "INTERNAL") return internal(error, log);
    if (error.cause) log[options.causeLevel ?? "warn"]({ err: error.cause, code: error.code }, "refused with a cause");
    const text = error.message;
    return /^(❌|✅|⏳|⚠️)/u.test(text) ? text : `❌ ${text}`;
  }
  if (isDatabaseUnavailable(error)) {
    // The outage itself is logged once, when it starts and when it ends; each refused command only at debug.
    log.debug({ err: error }, "the database is not answering");
    return errors.databaseUnavailable();
  }
  if (error instanceof ZodError) {
    return `❌ ${error.issues[0]?.message ?? "That input is not valid."}`;
  }
  return internal(error, log);
}

function internal(error: unknown, log: Logger): string {
  const ref = randomBytes(3).toString("hex");
  log.error({ err: error, ref }, "command failed");
  return errors.internal(ref);
}

export const errorReply = (error: unknown, log: Logger): Reply => reply("error", errorText(error, log));
