/**
 * Where secret values turned up that must hold none: the runtime's log lines (and any extra text, such
 * as a CLI child's output), the audit entries, and every byte of the database. An empty answer is the
 * only good one; the test names what leaked where.
 */
import type { TestRuntime } from "./runtime.js";

export async function leaksOf(rt: TestRuntime, values: string[], extraText = ""): Promise<string[]> {
  const logs = rt.logLines.join("") + extraText;
  const audit = JSON.stringify(await rt.db.select().from(rt.db.t.auditEntries));
  const bytes = await rt.database.bytes();
  return values.flatMap((value) => [
    ...(logs.includes(value) ? [`log: ${value.slice(0, 3)}…`] : []),
    ...(audit.includes(value) ? [`audit: ${value.slice(0, 3)}…`] : []),
    // The value past its hint, too: a hint is the only part ever kept.
    ...(bytes.includes(Buffer.from(value)) || bytes.includes(Buffer.from(value.slice(3, 20)))
      ? [`database: ${value.slice(0, 3)}…`]
      : []),
  ]);
}
