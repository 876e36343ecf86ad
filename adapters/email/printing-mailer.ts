/**
 * Without SMTP_URL, mail is printed instead of sent, and the outbox records it as printed (not
 * delivered), so nothing is silently dropped and `steward remind --status` shows it.
 */
import type { Writable } from "node:stream";
import type { Mail, Mailer, MailOutcome } from "../../src/ports/mailer.js";

export class PrintingMailer implements Mailer {
  constructor(private readonly out: Writable) {}

  async send(mail: Mail): Promise<MailOutcome> {
    this.out.write(`\n✉️  Not sent (SMTP_URL is not set) — to: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n`);
    return "printed";
  }
}
