/**
 * One error type for everything the product refuses or fails to do. `message` is always safe to show
 * to the person; anything internal goes in `cause` and only reaches the log.
 */
export const errorCodes = [
  "NOT_FOUND",
  "FORBIDDEN",
  "VALIDATION",
  "CONFLICT",
  "EXPIRED",
  "RATE_LIMITED",
  "PROVIDER_UNAVAILABLE",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
