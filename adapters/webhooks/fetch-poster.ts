/**
 * Webhook deliveries over HTTP with Node's fetch: a 2xx answer within the timeout is delivered;
 * anything else (another status, a redirect — never followed — no answer, a refused connection) is a
 * transient failure the outbox retries, with the receiver's Retry-After when it gave one.
 */
import { DeliveryError } from "../../src/ports/mailer.js";
import type { WebhookPoster, WebhookRequest } from "../../src/ports/webhook-poster.js";

export const WEBHOOK_TIMEOUT_MS = 10_000;

export class FetchWebhookPoster implements WebhookPoster {
  constructor(private readonly timeoutMs = WEBHOOK_TIMEOUT_MS) {}

  async post(request: WebhookRequest): Promise<void> {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: "POST",
        headers: { "user-agent": "Secret-Steward-Webhooks/1", ...request.headers },
        body: request.body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      const reason =
        e.name === "TimeoutError" ? `no answer within ${this.timeoutMs / 1000} s` : (e.cause?.code ?? e.message);
      throw new DeliveryError(`webhook: ${reason}`, true);
    }
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300) return;
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new DeliveryError(
      `webhook: HTTP ${response.status}`,
      true,
      Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 3_600) : undefined,
    );
  }
}
