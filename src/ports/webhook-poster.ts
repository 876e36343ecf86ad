/** Posts a webhook delivery over HTTP. */
export type WebhookRequest = { url: string; body: string; headers: Record<string, string> };

export interface WebhookPoster {
  /**
   * Posts the body with the headers; resolves on a 2xx answer. Throws DeliveryError (from ./mailer.js),
   * transient, on any other answer or none within the timeout, with the status or the reason.
   */
  post(request: WebhookRequest): Promise<void>;
}
