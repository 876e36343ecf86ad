/**
^ * The entry point: the `steward` process (bin/steward.js). The one place that hands `run` the process's own
 * streams and environment and sets its exit code. In-process runs (tests) call `run` directly.
 */
import { run } from "../cli/main.js";

/** A reader that closed its end (`steward console | head -2`) is not a failure: the process ends quietly. */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
  }
}

/** Runs `steward` with these arguments (process.argv without node and the script) and sets the exit code. */
export async function main(argv: string[]): Promise<void> {
  endQuietlyOnClosedPipe();
  process.exitCode = await run(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  });
}
