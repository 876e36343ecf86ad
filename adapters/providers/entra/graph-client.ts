/**
 * Requests to Microsoft Graph as the bot: a bearer token from the token source (renewed once when
 * Graph answers 401), Retry-After honoured on 429 and 503 within a bounded budget, a timeout on every
 * request. Outages become AppError PROVIDER_UNAVAILABLE; other answers go back to the caller.
 * Never logs a token, a request body or a response body (addPassword's body holds the secret).
 */
import type { Logger } from "../../../src/log.js";
import type { Clock } from "../../../src/ports/clock.js";
import type { ClientCredentialsToken } from "../../oauth/client-credentials.js";
import { describe, GraphError, unavailable } from "./graph-error.js";
import { ODataError } from "./graph-schemas.js";
import { type RetryPolicy, retryAfterMs } from "./retry-after.js";

export type GraphAnswer = { status: number; json: unknown };

export type GraphClientOptions = {
  tokens: ClientCredentialsToken;
  clock: Clock;
  log: Logger;
  retry: RetryPolicy;
  timeoutMs: number;
};

export class GraphClient {
  constructor(private readonly options: GraphClientOptions) {}

  /** Sends one request; resolves with any 2xx or 4xx answer other than a 401 that a new token cured. */
  async send(operation: string, method: "GET" | "POST", url: string, body?: unknown): Promise<GraphAnswer> {
    const { tokens, retry, log, clock } = this.options;
    let hasRenewed = false;
    let waitedMs = 0;
    for (let attempt = 1; ; ) {
      const token = await tokens.token();
      const response = await this.fetch(operation, method, url, token, body);
      const json: unknown = response.status === 204 ? null : await response.json().catch(() => null);
      if (response.status === 401 && !hasRenewed) {
        // Revoked or expired before its time: one new token, then the same request once more.
        hasRenewed = true;
        tokens.invalidate(token);
        log.info({ operation }, "Microsoft Graph refused the bot's token; getting a new one");
        continue;
      }
      if (response.status === 429 || response.status === 503) {
        const waitMs = retryAfterMs(response.headers.get("retry-after"), attempt, clock.now());
        if (attempt < retry.maxAttempts && waitedMs + waitMs <= retry.maxTotalWaitMs) {
          log.warn({ operation, status: response.status, waitMs, attempt }, "Microsoft Graph is throttling; waiting");
          await retry.sleep(waitMs);
          waitedMs += waitMs;
          attempt += 1;
          continue;
        }
        throw unavailable(graphError(operation, response.status, json));
      }
      if (response.status >= 500 || response.status === 401)
        throw unavailable(graphError(operation, response.status, json));
      return { status: response.status, json };
    }
  }

  private async fetch(operation: string, method: string, url: string, token: string, body: unknown) {
    try {
      return await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw unavailable(new GraphError(operation, 0, "network", describe(error)));
    }
  }
}

/** The OData error in an answer, for the log and `cause`; a body that is not one is named as such. */
export function graphError(operation: string, status: number, json: unknown): GraphError {
  const parsed = ODataError.safeParse(json);
  return parsed.success
    ? new GraphError(operation, status, parsed.data.error.code, parsed.data.error.message)
    : new GraphError(operation, status, "unexpected_response", "");
}
