/**
 * The outside world of one CLI run: where it prints, what it reads and its environment. The process
 * hands over its own (bin/steward.js); a test hands over buffers, so runs in one process never mix.
 */
import type { Readable, Writable } from "node:stream";

export type CliIo = {
  stdout: Writable;
  stderr: Writable;
  /** The console's input; a terminal when it has `isTTY` (a tty.ReadStream). */
  stdin: Readable;
  /** Read only by loadConfig. */
  env: Record<string, string | undefined>;
};

/** A terminal stream (tty.ReadStream or tty.WriteStream), not a pipe, file or buffer. */
export const isTerminal = (stream: Readable | Writable): boolean => (stream as { isTTY?: boolean }).isTTY === true;

/** A terminal's width, for commander's help; 80 for anything else, as commander's own default. */
export const columnsOf = (stream: Writable): number =>
  (isTerminal(stream) ? (stream as { columns?: number }).columns : undefined) ?? 80;
