/**
 * ES256 signatures for access tokens, computed on a thread of their own. The signatures asked for in
 * one turn of the event loop go to that thread together, in one message, and come back in one: the
 * main thread, which reads and answers every request, spends about 2 µs per signature on them instead
 * of the 15 µs one libuv thread-pool job per signature costs it (crypto.sign with a callback), and one
 * process serves that many more tokens a second (npm run bench:token).
 *
 * The thread starts with the first signature and never keeps the process alive. If it stops (it
 * crashed, or was terminated), the signatures it had are answered with an error, so their requests get
 * a server_error, and the next signature starts a new thread. The private key goes to the thread as a
 * KeyObject, never as text.
 */
import type { KeyObject } from "node:crypto";
import { Worker } from "node:worker_threads";

export type SignatureDone = (error: Error | null, signature: string) => void;

/** The thread's code; evaluated, so it runs the same from the sources (tests) and from dist/. */
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const { sign } = require("node:crypto");
parentPort.on("message", ({ batch, inputs }) => {
  try {
    const signatures = inputs.map((input) =>
      sign("sha256", Buffer.from(input), { key: workerData.key, dsaEncoding: "ieee-p1363" }).toString("base64url"),
    );
    parentPort.postMessage({ batch, signatures });
  } catch (error) {
    parentPort.postMessage({ batch, error: String(error && error.message) });
  }
});
`;

type Answer = { batch: number; signatures?: string[]; error?: string };

export class Es256Signer {
  private thread: Worker | null = null;
  /** Asked for in this turn of the event loop, not sent yet. */
  private waiting: { input: string; done: SignatureDone }[] = [];
  /** Sent, by batch number. */
  private readonly sent = new Map<number, SignatureDone[]>();
  private batches = 0;
  private isScheduled = false;
  private isStopped = false;

  constructor(private readonly key: KeyObject) {}

  /** Signs `input` (the JWS signing input); `done` gets the signature (r ‖ s, base64url). */
  sign(input: string, done: SignatureDone): void {
    if (this.isStopped) {
      done(new Error("the signing thread was stopped"), "");
      return;
    }
    this.waiting.push({ input, done });
    if (this.isScheduled) return;
    this.isScheduled = true;
    // After the poll phase: every request read in this turn has asked by then.
    setImmediate(() => this.send());
  }

  /** Ends the thread; signatures still out are answered with an error. */
  async stop(): Promise<void> {
    this.isStopped = true;
    const thread = this.thread;
    this.thread = null;
    const error = new Error("the signing thread was stopped");
    for (const { done } of this.waiting.splice(0)) done(error, "");
    this.failSent(error);
    await thread?.terminate();
  }

  private send(): void {
    this.isScheduled = false;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    const number = ++this.batches;
    this.sent.set(
      number,
      batch.map((w) => w.done),
    );
    this.started().postMessage({ batch: number, inputs: batch.map((w) => w.input) });
  }

  private started(): Worker {
    if (this.thread) return this.thread;
    const thread = new Worker(THREAD, { eval: true, workerData: { key: this.key } });
    thread.unref();
    thread.on("message", (answer: Answer) => this.answered(answer));
    const stopped = (error: Error) => {
      if (this.thread !== thread) return;
      this.thread = null;
      this.failSent(error);
    };
    thread.on("error", stopped);
    thread.on("exit", () => stopped(new Error("the signing thread stopped")));
    this.thread = thread;
    return thread;
  }

  private answered({ batch, signatures, error }: Answer): void {
    const waiting = this.sent.get(batch);
    if (!waiting) return;
    this.sent.delete(batch);
    waiting.forEach((done, i) => {
      const signature = signatures?.[i];
      if (signature === undefined) done(new Error(error ?? "no signature"), "");
      else done(null, signature);
    });
  }

  private failSent(error: Error): void {
    const sent = [...this.sent.values()];
    this.sent.clear();
    for (const batch of sent) for (const done of batch) done(error, "");
  }
}
