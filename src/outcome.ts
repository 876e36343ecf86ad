/**
 * How a piece of work ended, as a metric label or span attribute: `ok`, or the error's code in lower case
 * (`not_found`, `forbidden`, `validation`, `provider_unavailable`, …), or `error` for anything unexpected.
 * A short fixed list, never a message.
 */
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../db/database.js";
import { isAppError } from "./errors.js";

export function outcomeOf(error: unknown): string {
  if (isAppError(error)) return error.code.toLowerCase();
  if (error instanceof ZodError) return "validation";
  if (isDatabaseUnavailable(error)) return "database_unavailable";
  return "error";
}
