/**
 * What a provider's answer means for the person, decided once for every provider: a refused answer is
 * a missing application (404, when one is named) or a refusal saying what the bot needs; an answer
 * that is not the documented shape is an outage, never data; a next page on another host is refused,
 * since the bot's credentials go only to the provider.
 */
import type { AppError } from "../../../src/errors.js";
import type { ProviderApplication } from "../../../src/ports/secret-provider.js";
import { ProviderCallError, type ProviderFailures } from "./provider-error.js";
import type { ProviderAnswer, ProviderHttp } from "./provider-http.js";

/** A zod schema, as far as checking an answer needs it. */
export type Schema<T> = { safeParse(data: unknown): { success: true; data: T } | { success: false } };

export class AnswerCheck {
  constructor(
    private readonly http: ProviderHttp,
    private readonly failures: ProviderFailures,
  ) {}

  /** Throws the person's error for a refused answer (status 300 and up); returns for any other. */
  refuse(operation: string, app: ProviderApplication | null, answer: ProviderAnswer): void {
    if (answer.status < 300) return;
    const cause = this.http.error(operation, answer.status, answer.json);
    throw answer.status === 404 && app
      ? this.failures.missingApplication(app.clientId, cause)
      : this.failures.refused(cause);
  }

  /** The answer's body in the documented shape, else an outage. */
  parse<T>(schema: Schema<T>, operation: string, answer: ProviderAnswer): T {
    const parsed = schema.safeParse(answer.json);
    if (!parsed.success) throw this.unexpected(operation, answer.status);
    return parsed.data;
  }

  /** An answer that is not the documented shape: an outage, not data. */
  unexpected(operation: string, status = 200): AppError {
    return this.failures.unavailable(new ProviderCallError(operation, status, "unexpected_response", ""));
  }

  /** A next page to follow, refused when it is on another host than `base`. */
  sameOrigin(operation: string, next: string, base: string): string {
    if (new URL(next).origin === new URL(base).origin) return next;
    throw this.failures.unavailable(new ProviderCallError(operation, 200, "foreign_next_link", new URL(next).origin));
  }
}
