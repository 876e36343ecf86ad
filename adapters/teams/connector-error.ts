/** A failed Bot Connector call, kept apart from the SDK so code that only checks it loads no SDK. */

/** A Bot Connector call that failed: its HTTP status only, never the request. */
export class ConnectorError extends Error {
  constructor(
    /** The HTTP status, or 0 when no answer came. */
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(status === 0 ? "the Bot Connector did not answer" : `the Bot Connector answered ${status}`);
  }

  /** Rate limits, outages and no answer at all may pass; a refusal (403, 404, …) will not. */
  get isTransient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}
