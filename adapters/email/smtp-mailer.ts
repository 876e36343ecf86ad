/**
 * Mail through SMTP with nodemailer. Connection failures and 4xx answers are transient (retried by
 * the outbox); 5xx answers are permanent.
 */
import { createTransport, type Transporter } from "nodemailer";
import { DeliveryError, type Mail, type Mailer, type MailOutcome } from "../../src/ports/mailer.js";

type SmtpFailure = Error & { responseCode?: number; code?: string };

export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(smtpUrl, {});
    // Fail fast when the server is down, so one pass does not hang on it.
    Object.assign(this.transport.options, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: Mail): Promise<MailOutcome> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      return "sent";
    } catch (error) {
      const failure = error as SmtpFailure;
      const code = failure.responseCode;
      const isTransient = code === undefined || (code >= 400 && code < 500);
      throw new DeliveryError(`SMTP ${code ?? failure.code ?? "error"}: ${failure.message}`, isTransient);
    }
  }

  close(): void {
    this.transport.close();
  }
}
