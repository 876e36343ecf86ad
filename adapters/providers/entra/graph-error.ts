/** What went wrong at Microsoft Graph or the identity platform, for logs and `cause` only. */
import { AppError } from "../../../src/errors.js";
import { errors } from "../../../src/messages/errors.js";

export const ENTRA = "Microsoft Entra";

/** An answer Graph gave (or did not give: status 0). Its message is for the log, never for chat. */
export class GraphError extends Error {
  override readonly name = "GraphError";
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(`${operation}: ${status === 0 ? "no answer" : `HTTP ${status}`} ${code}${detail ? ` — ${detail}` : ""}`);
  }
}

/** Microsoft Entra could not be reached or did not answer usefully: nothing was changed. */
export const unavailable = (cause: GraphError): AppError =>
  new AppError("PROVIDER_UNAVAILABLE", errors.providerUnavailable(ENTRA), { cause });

/** Microsoft Entra answered but refused (permissions, policy): nothing was changed. */
export const refused = (cause: GraphError): AppError =>
  new AppError("PROVIDER_UNAVAILABLE", errors.providerRefused(ENTRA), { cause });

/** The app registration is not there for the bot (deleted, or the bot is not an owner). */
export const missingApplication = (clientId: string, cause: GraphError): AppError =>
  new AppError("NOT_FOUND", errors.providerApplicationMissing(ENTRA, clientId), { cause });

/** An error and its causes in one line, for a GraphError's detail (a network failure's reason is in its cause). */
export const describe = (error: unknown): string =>
  error instanceof Error
    ? `${error.name}: ${error.message}${error.cause ? ` (${describe(error.cause)})` : ""}`
    : String(error);
