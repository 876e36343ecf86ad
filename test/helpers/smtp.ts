/**
 * A real SMTP server (smtp-server) in the test process; mail is read back with mailparser. It can be
 * told to refuse connections (stopped) or to hang on a message (to crash a sender mid-delivery).
 */
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { Arrivals } from "./arrivals.js";

export type SmtpMode = "accept" | "hang";

export class TestSmtp {
  readonly received: ParsedMail[] = [];
  /** Told of every mail received, for tests that wait for one. */
  readonly arrivals = new Arrivals();
  mode: SmtpMode = "accept";
  private server: SMTPServer | undefined;
  private resolveHang: (() => void) | undefined;
  readonly hanging: Promise<void>;

  constructor(readonly port: number) {
    this.hanging = new Promise((resolve) => {
      this.resolveHang = resolve;
    });
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, _session, callback) => {
        if (this.mode === "hang") {
          stream.resume();
          this.resolveHang?.();
          return; // never answers: the sender waits here
        }
        simpleParser(stream)
          .then((mail) => {
            this.received.push(mail);
            this.arrivals.arrived();
            callback();
          })
          .catch(callback);
      },
    });
    return new Promise((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.port, "127.0.0.1", () => resolve());
    });
  }

  /** Stops listening: senders then get connection refused. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server = undefined;
    });
  }
}
