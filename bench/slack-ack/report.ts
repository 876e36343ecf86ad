/**
 * The Slack benchmark's figures: per request, the time to the ack split into phases (client clock and
 * the server's marks share the wall clock, both taken as timeOrigin + performance.now()), p50/p99/max
 * per run, and the median of the runs.
 */

/** One request as the client saw it, with the server's marks (see adapters/slack/ack-timing.ts). */
export type Sample = {
  sent: number;
  ackReceived: number;
  answered: number;
  marks?: { arrived: number; signed: number; listening: number; acked: number };
};

type Figures = { p50: number; p99: number; max: number };
export type RunFigures = Map<string, Figures>;

/** The rows printed, in order: a name and how to read it off a sample (undefined when marks are missing). */
const ROWS: [string, (s: Sample) => number | undefined][] = [
  ["ack: request sent → HTTP response", (s) => s.ackReceived - s.sent],
  ["  queueing (sent → our first code)", (s) => s.marks && s.marks.arrived - s.sent],
  ["  signature (read body, HMAC)", (s) => s.marks && s.marks.signed - s.marks.arrived],
  ["  Bolt (parse, route → our listener)", (s) => s.marks && s.marks.listening - s.marks.signed],
  ["  our handler (→ ack written)", (s) => s.marks && s.marks.acked - s.marks.listening],
  ["  answer back (→ client has it)", (s) => s.marks && s.ackReceived - s.marks.acked],
  ["answer at response_url", (s) => s.answered - s.sent],
];

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

function figures(values: number[]): Figures {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
}

/** p50, p99 and max of every row for one run's samples. */
export function runFigures(samples: Sample[]): RunFigures {
  const out: RunFigures = new Map();
  for (const [name, read] of ROWS) {
    const values = samples.map(read).filter((v): v is number => v !== undefined);
    out.set(name, figures(values));
  }
  return out;
}

/** The phases of the slowest 1% of the ack, averaged: where the p99 goes. */
export function slowestShare(samples: Sample[]): string {
  const ack = ROWS[0]?.[1] ?? (() => 0);
  const sorted = [...samples].sort((a, b) => (ack(b) ?? 0) - (ack(a) ?? 0));
  const slowest = sorted.slice(0, Math.max(1, Math.ceil(samples.length / 100)));
  const parts = ROWS.slice(1, -1).map(([name, read]) => {
    const values = slowest.map(read).filter((v): v is number => v !== undefined);
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    return `${name.trim().split(" ")[0]} ${mean.toFixed(1)}`;
  });
  return `slowest 1% (ack ≥ p99), mean ms: ${parts.join(" · ")}`;
}

const ms = (v: number) => v.toFixed(1).padStart(6);
const median = (values: number[]) => figures(values).p50;

/** Prints each row's p50/p99/max as the median over the runs; returns the two figures the targets name. */
export function printMedians(runs: RunFigures[]): { ackP99: number; answerP99: number } {
  const at = (name: string, key: keyof Figures) => median(runs.map((r) => r.get(name)?.[key] ?? Number.NaN));
  for (const [name] of ROWS) {
    console.log(
      `  ${name.padEnd(38)} p50 ${ms(at(name, "p50"))} ms   p99 ${ms(at(name, "p99"))} ms   max ${ms(at(name, "max"))} ms`,
    );
  }
  const [ackRow, answerRow] = [ROWS[0]?.[0] ?? "", ROWS.at(-1)?.[0] ?? ""];
  return { ackP99: at(ackRow, "p99"), answerP99: at(answerRow, "p99") };
}

/** One line per run: the ack's and the answer's p50 and p99. */
export function runLine(run: number, figures: RunFigures): string {
  const [ack, answer] = [figures.get(ROWS[0]?.[0] ?? ""), figures.get(ROWS.at(-1)?.[0] ?? "")];
  return `run ${run}: ack p50 ${ack?.p50.toFixed(1)} p99 ${ack?.p99.toFixed(1)} ms; response_url p50 ${answer?.p50.toFixed(1)} p99 ${answer?.p99.toFixed(1)} ms`;
}
