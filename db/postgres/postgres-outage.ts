/**
 * A database outage, told once each way. While the server is away every idle connection, the listening
 * connection's reconnects (each second) and the version reads (five a second) fail; the operator needs
 * one line when it goes, with the reason, and one when it is back, with how long it was away.
 */
export type OutageReport = {
  /** The first failure after the database answered: one short reason (a code or the driver's words). */
  onDown?: (reason: string) => void;
  /** The first success after an outage, with how long the database was away. */
  onUp?: (downForMs: number) => void;
};

export class Outage {
  private downSince: number | null = null;

  constructor(private readonly report: OutageReport) {}

  /** Something failed talking to the database: reported only if it was answering until now. */
  failed(error: Error): void {
    if (this.downSince !== null) return;
    this.downSince = performance.now();
    this.report.onDown?.(reasonOf(error));
  }

  /** The database answered: reported only after an outage. */
  answered(): void {
    if (this.downSince === null) return;
    const downFor = performance.now() - this.downSince;
    this.downSince = null;
    this.report.onUp?.(downFor);
  }
}

/** `ECONNREFUSED`, `57P01 terminating connection due to administrator command`, …: one line, no stack. */
function reasonOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  const words = error.message.split("\n")[0] ?? "";
  return typeof code === "string" && !words.includes(code) ? `${code} ${words}`.trim() : words || "no answer";
}
