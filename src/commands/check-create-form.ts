/**
 * Checks a submitted create/rotate form (Slack modal, Teams card) before anything is created, so the
 * problems can be shown beside their fields. Pure: no database and no platform call.
 */
import type { Deps } from "../context.js";
import { isAppError } from "../errors.js";
import { resolveExpiry } from "../expiry.js";
import { errors } from "../messages/errors.js";
import { DISPLAY_NAME_MAX, maxLifetimeDays } from "../verbs/create-client-secret.js";

export type CreateFormProblems = { displayName?: string; expiresOn?: string };

export function checkCreateForm(
  deps: Pick<Deps, "clock" | "config" | "provider">,
  input: { displayName: string; expiresOn: string },
): CreateFormProblems {
  const problems: CreateFormProblems = {};
  const name = input.displayName.trim();
  if (name === "") problems.displayName = errors.displayNameRequired();
  else if (name.length > DISPLAY_NAME_MAX) problems.displayName = errors.displayNameTooLong(DISPLAY_NAME_MAX);
  const expiresOn = input.expiresOn.trim();
  if (expiresOn === "") problems.expiresOn = errors.expiryRequired();
  else {
    try {
      resolveExpiry(expiresOn, { now: deps.clock.now(), maxDays: maxLifetimeDays(deps) });
    } catch (error) {
      if (!isAppError(error)) throw error;
      problems.expiresOn = error.message;
    }
  }
  return problems;
}
