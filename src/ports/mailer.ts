/** An e-mail ready to send: plain text and HTML, never a secret value. */
export type Mail = { to: string; subject: string; text: string; html: string };

/** What became of a mail: sent, or printed because no SMTP server is configured. */
export type MailOutcome = "sent" | "printed";

/** A delivery failure; transient ones (server down, 4xx) are retried later, permanent ones (5xx) are not. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly isTransient: boolean,
    /** Seconds the other side asked us to wait, when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface Mailer {
  /** Sends one mail. Throws DeliveryError; never resolves without having sent or printed it. */
  send(mail: Mail): Promise<MailOutcome>;
}
