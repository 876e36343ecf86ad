/**
 * ES256 signatures for access tokens, computed on a thread of their own. The signatures asked for in
 * one turn of the event loop go to that thread together, in one message: the main thread, which reads
 * and answers every request, spends about 2 µs per signature on them instead of the 15 µs one libuv
 * thread-pool job per signature costs it (crypto.sign with a callback).
 *
 * They come back four at a time, as they are made, not all at the end of the turn's batch. Under load a
 * batch holds up to one signature per open connection (50 in `npm run bench:token`), about 2 ms of
 * signing: answered all at once, the main thread sat idle while they were made and the thread idle
 * while they were sent, and the two took turns. Four at a time, the first answers go out after about
 * 0.15 ms and the main thread reads the next requests while the rest are signed (each answer message
 * costs both threads a few µs, so not one at a time).
 *
 * The thread starts with the first signature and never keeps the process alive. If it stops (it
 * crashed, or was terminated), the signatures it had not answered get an error, so their requests get
 * a server_error, and the next signature starts a new thread. The private key goes to the thread as a
 * KeyObject, never as text.
 */
import type { KeyObject } from "node:crypto";
import { Worker } from "node:worker_threads";

export type SignatureDone = (error: Error | null, signature: string) => void;

/** Signatures per answer message: the first answers of a batch go out after this many are made. */
const PER_ANSWER = 4;

/** The thread's code; evaluated, so it runs the same from the sources (tests) and from dist/. */
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const { sign } = require("node:crypto");
const es256 = (input) =>
  sign("sha256", Buffer.from(input), { key: workerData.key, dsaEncoding: "ieee-p1363" }).toString("base64url");
parentPort.on("message", ({ batch, inputs }) => {
  for (let from = 0; from < inputs.length; from += ${PER_ANSWER}) {
    try {
      const signatures = inputs.slice(from, from + ${PER_ANSWER}).map(es256);
      parentPort.postMessage({ batch, from, signatures });
    } catch (error) {
      parentPort.postMessage({ batch, from, error: String(error && error.message) });
      return;
    }
  }
});
`;

/** Signatures `from` on of a batch (answered in order), or why they could not be made. */
type Answer = { batch: number; from: number; signatures?: string[]; error?: string };
/** A batch sent to the thread: whom to answer, and how many have been answered. */
type Sent = { dones: SignatureDone[]; answered: number };

export class Es256Signer {
  private thread: Worker | null = null;
  /** Asked for in this turn of the event loop, not sent yet. */
  private waiting: { input: string; done: SignatureDone }[] = [];
  /** Sent and not all answered yet, by batch number. */
  private readonly sent = new Map<number, Sent>();
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
    this.sent.set(number, { dones: batch.map((w) => w.done), answered: 0 });
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

  private answered({ batch, from, signatures, error }: Answer): void {
    const sent = this.sent.get(batch);
    if (!sent) return;
    // An error answers the rest of the batch: the thread signs no more of it.
    const to = signatures ? from + signatures.length : sent.dones.length;
    sent.answered = to;
    if (to >= sent.dones.length) this.sent.delete(batch);
    sent.dones.slice(from, to).forEach((done, i) => {
      const signature = signatures?.[i];
      if (signature === undefined) done(new Error(error ?? "no signature"), "");
      else done(null, signature);
    });
  }

  /** Every signature sent and not answered yet gets `error`. */
  private failSent(error: Error): void {
    const sent = [...this.sent.values()];
    this.sent.clear();
    for (const { dones, answered } of sent) for (const done of dones.slice(answered)) done(error, "");
  }
}
