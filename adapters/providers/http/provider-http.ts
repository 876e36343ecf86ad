/**
 * Requests to a secret provider's API as the bot (Microsoft Graph, the Keycloak Admin API, the Okta
 * Management API): its credentials in the Authorization header (a bearer token renewed once when the
 * provider answers 401), Retry-After honoured on 429 and 503 within a bounded budget, a timeout on
 * every request. Outages become the provider's PROVIDER_UNAVAILABLE; other answers go back to the
 * caller. Never logs a credential, a request body or a response body (they can hold a secret).
 */
import type { ProviderName } from "../../../db/vocabulary.js";
import type { Logger } from "../../../src/log.js";
import type { Clock } from "../../../src/ports/clock.js";
import type { Metrics } from "../../../src/ports/metrics.js";
import type { Tracer } from "../../../src/ports/tracer.js";
import {
  callError,
  describe,
  type ErrorBodyReader,
  ProviderCallError,
  type ProviderFailures,
} from "./provider-error.js";
import { defaultRetryPolicy, type RetryPolicy, retryAfterMs, type WaitReader } from "./retry-policy.js";

export type ProviderAnswer = { status: number; json: unknown; headers: Headers };

/** The bot's credentials at a provider: the Authorization header, and whether a refused one can be renewed. */
export type Credentials = {
  authorization(): Promise<string>;
  /** Forgets a refused header; false when there is nothing to renew (a fixed API token). */
  renew(authorization: string): boolean;
};

/** What every provider adapter is built with besides its own settings: time, the log, and its bounds. */
export type ProviderRuntime = {
  clock: Clock;
  log: Logger;
  /** Bounds on waiting for a throttled provider (defaultRetryPolicy where not given). */
  retry?: Partial<RetryPolicy>;
  /** Each request's timeout (15 s when not given). */
  timeoutMs?: number;
  /** Where throttling is counted (none when not given). */
  metrics?: Metrics;
  /** Where the current span comes from, for the `traceparent` each request sends (none when not given). */
  tracer?: Tracer;
};

/** Only the ProviderRuntime part of a provider's options (which also hold its credentials). */
export const providerRuntime = ({
  clock,
  log,
  retry,
  timeoutMs,
  metrics,
  tracer,
}: ProviderRuntime): ProviderRuntime => ({
  clock,
  log,
  ...(retry ? { retry } : {}),
  ...(timeoutMs ? { timeoutMs } : {}),
  ...(metrics ? { metrics } : {}),
  ...(tracer ? { tracer } : {}),
});

export type ProviderHttpOptions = ProviderRuntime & {
  /** Which provider, in metrics. */
  provider: ProviderName;
  /** The API's name in log lines, e.g. "Microsoft Graph". */
  service: string;
  credentials: Credentials;
  readError: ErrorBodyReader;
  /**
   * The provider's refusals in people's words: an outage is `unavailable`; a 401 that renewing the
   * bot's token did not cure is `credentialsRefused` (the same as a token endpoint refusing the bot,
   * see bot-credentials.ts), for every provider.
   */
  failures: ProviderFailures;
  /** The provider's own "wait this long" header, read when it sends no Retry-After. */
  waitOf?: WaitReader;
};

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** How long one request to a provider may take when the caller does not say. */
export const DEFAULT_TIMEOUT_MS = 15_000;

export class ProviderHttp {
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(private readonly options: ProviderHttpOptions) {
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Sends one request; resolves with any 2xx, 3xx or 4xx answer other than a 401 or a throttling it outlived. */
  async send(operation: string, method: Method, url: string, body?: unknown): Promise<ProviderAnswer> {
    const { credentials, log, clock, service, failures } = this.options;
    const retry = this.retry;
    let hasRenewed = false;
    let waitedMs = 0;
    for (let attempt = 1; ; ) {
      const authorization = await credentials.authorization();
      const response = await this.fetch(operation, method, url, authorization, body);
      const json: unknown = response.status === 204 ? null : await response.json().catch(() => null);
      if (response.status === 401) {
        // Revoked or expired before its time: one new token, then the same request once more.
        if (!hasRenewed && credentials.renew(authorization)) {
          hasRenewed = true;
          log.info({ operation }, `${service} refused the bot's token; getting a new one`);
          continue;
        }
        throw failures.credentialsRefused(this.error(operation, response.status, json));
      }
      if (response.status === 429 || response.status === 503) {
        const waitMs = retryAfterMs(
          response.headers.get("retry-after"),
          attempt,
          clock.now(),
          this.options.waitOf?.(response.headers, clock.now()),
        );
        this.options.metrics?.providerThrottled(this.options.provider, operation);
        if (attempt < retry.maxAttempts && waitedMs + waitMs <= retry.maxTotalWaitMs) {
          log.warn({ operation, status: response.status, waitMs, attempt }, `${service} is throttling; waiting`);
          await retry.sleep(waitMs);
          waitedMs += waitMs;
          attempt += 1;
          continue;
        }
        throw failures.unavailable(this.error(operation, response.status, json));
      }
      if (response.status >= 500) throw failures.unavailable(this.error(operation, response.status, json));
      return { status: response.status, json, headers: response.headers };
    }
  }

  /** The provider's error in an answer, for the log and `cause`. */
  error(operation: string, status: number, json: unknown): ProviderCallError {
    return callError(operation, status, json, this.options.readError);
  }

  private async fetch(operation: string, method: Method, url: string, authorization: string, body: unknown) {
    try {
      return await fetch(url, {
        method,
        headers: {
          // W3C trace context first: nothing of ours may be overwritten by it.
          ...this.options.tracer?.outgoingHeaders(),
          authorization,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: "error",
      });
    } catch (error) {
      throw this.options.failures.unavailable(new ProviderCallError(operation, 0, "network", describe(error)));
    }
  }
}
