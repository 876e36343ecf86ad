/**
 * What went wrong at a secret provider (Microsoft Graph, Keycloak, Okta) or at its token endpoint, for
 * logs and `cause` only; and the AppErrors people see instead, worded in src/messages/errors.ts.
 */
import { AppError } from "../../../src/errors.js";
import { errors } from "../../../src/messages/errors.js";

/** An answer a provider gave (or did not give: status 0). Its message is for the log, never for chat. */
export class ProviderCallError extends Error {
  override readonly name = "ProviderCallError";
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(`${operation}: ${status === 0 ? "no answer" : `HTTP ${status}`} ${code}${detail ? ` — ${detail}` : ""}`);
  }
}

/** An error body read into a code and a message (for the log), or null when the body is not one. */
export type ErrorBodyReader = (json: unknown) => { code: string; message: string } | null;

/** The provider's error in an answer, for the log and `cause`; a body that is not one is named as such. */
export function callError(operation: string, status: number, json: unknown, read: ErrorBodyReader): ProviderCallError {
  const body = read(json);
  return body
    ? new ProviderCallError(operation, status, body.code, body.message)
    : new ProviderCallError(operation, status, "unexpected_response", "");
}

/** An error and its causes in one line, for a call error's detail (a network failure's reason is in its cause). */
export const describe = (error: unknown): string =>
  error instanceof Error
    ? `${error.name}: ${error.message}${error.cause ? ` (${describe(error.cause)})` : ""}`
    : String(error);

/** What to tell people about one provider's permissions, in its own words (see src/messages/errors.ts). */
export type ProviderAdvice = {
  /** What the bot's account must be allowed, e.g. "the bot is one of this app registration's owners". */
  permission: string;
  /** What the provider calls an application, e.g. "app registration". */
  noun: string;
  /** What to check when one is missing for the bot. */
  missing: string;
  /** What to check when the provider refuses the bot's own credentials. */
  credentials: string;
};

/** The refusals one provider gives people; `label` names it, e.g. "Keycloak". */
export type ProviderFailures = {
  /** The provider could not be reached or did not answer usefully: nothing was changed. */
  unavailable(cause: ProviderCallError): AppError;
  /** The provider answered but refused (permissions, policy): nothing was changed; says which permission. */
  refused(cause: ProviderCallError): AppError;
  /** The provider refused the bot's own credentials (a wrong or revoked client secret or API token). */
  credentialsRefused(cause: ProviderCallError): AppError;
  /** The provider has no such application for the bot. */
  missingApplication(clientId: string, cause: ProviderCallError): AppError;
};

export function providerFailures(label: string, advice: ProviderAdvice): ProviderFailures {
  return {
    unavailable: (cause) => new AppError("PROVIDER_UNAVAILABLE", errors.providerUnavailable(label), { cause }),
    refused: (cause) =>
      new AppError("PROVIDER_UNAVAILABLE", errors.providerRefused(label, advice.permission), { cause }),
    credentialsRefused: (cause) =>
      new AppError("PROVIDER_UNAVAILABLE", errors.providerCredentialsRefused(label, advice.credentials), { cause }),
    missingApplication: (clientId, cause) =>
      new AppError("NOT_FOUND", errors.providerApplicationMissing(label, clientId, advice.noun, advice.missing), {
        cause,
      }),
  };
}
