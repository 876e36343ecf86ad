/** `steward remind`: one reminder pass by hand (or a dry run), and the status of undelivered reminders. */

import type { Command } from "commander";
import { asc, eq, ne } from "drizzle-orm";
import { loadReminderItems } from "../../src/jobs/reminder-items.js";
import { runReminderPass } from "../../src/jobs/reminder-pass.js";
import { isoDate, isoMinute } from "../../src/messages/format.js";
import type { Clock } from "../../src/ports/clock.js";
import { reminderParts } from "../root/reminders.js";
import type { Runtime } from "../root/runtime.js";
import { CliExit, err, out, printJson, withRuntime } from "./runtime.js";

async function pass(rt: Runtime, isDryRun: boolean): Promise<void> {
  const parts = reminderParts(rt, process.stdout);
  try {
    const report = await runReminderPass(parts.deps, { ...parts.options, isDryRun });
    if (report.outcome === "skipped") {
      err(`❌ Not run: ${report.reason}. Try again when it has finished.`);
      throw new CliExit(1);
    }
    if (report.outcome === "dry-run") {
      const items = await loadReminderItems(
        rt.db,
        report.due.map((d) => d.secretId),
      );
      out(
        `Dry run at ${isoMinute(rt.clock.now())}: ${report.due.length} reminder(s) would go out; nothing was sent or recorded.`,
      );
      for (const due of report.due) {
        const item = items.get(due.secretId);
        const who = due.recipients
          .map((r) => (r.channel === "email" ? r.recipient : `${r.channel} ${r.recipient}`))
          .join(", ");
        out(
          `• ${due.threshold}: ${item?.applicationName} ${item?.hint}… (expires ${item ? isoDate(item.expiresAt) : "?"}) → ${who || "nobody"}`,
        );
      }
      return;
    }
    const d = report.delivery;
    out(
      `✅ Reminder pass done: ${report.recorded} new reminder(s) recorded; sent ${d.sent}, printed ${d.printed}${d.printed ? " (SMTP_URL is not set)" : ""}, retrying ${d.retrying}, failed ${d.failed}${d.recovered ? `, resumed ${d.recovered} interrupted` : ""}.`,
    );
    if (d.failed > 0 || d.retrying > 0) out("See `steward remind --status` for what was not delivered.");
  } finally {
    parts.close();
  }
}

async function status(rt: Runtime, isJson: boolean): Promise<void> {
  const { applications, clientSecrets, reminderOutbox: o } = rt.db.t;
  const rows = await rt.db
    .select({
      application: applications.name,
      hint: clientSecrets.hint,
      threshold: o.threshold,
      channel: o.channel,
      recipient: o.recipient,
      status: o.status,
      attempts: o.attempts,
      nextAttemptAt: o.nextAttemptAt,
      lastError: o.lastError,
    })
    .from(o)
    .innerJoin(clientSecrets, eq(clientSecrets.id, o.secretId))
    .innerJoin(applications, eq(applications.id, clientSecrets.applicationId))
    .where(ne(o.status, "sent"))
    .orderBy(asc(o.status), asc(o.nextAttemptAt));
  if (isJson) {
    printJson(
      rows.map(({ nextAttemptAt, lastError, ...r }) => ({
        ...r,
        next_attempt_at: nextAttemptAt.toISOString(),
        last_error: lastError,
      })),
    );
    return;
  }
  if (rows.length === 0) {
    out("✅ Every recorded reminder was delivered.");
    return;
  }
  out(`${rows.length} reminder(s) not delivered:`);
  for (const r of rows) {
    const next = r.status === "pending" ? `, next try ${isoMinute(r.nextAttemptAt)}` : "";
    const why = r.lastError
      ? ` — ${r.lastError}`
      : r.status === "printed"
        ? " — printed, not sent (SMTP_URL is not set)"
        : "";
    out(
      `• ${r.status} (${r.attempts} attempt(s)${next}): ${r.threshold} ${r.application} ${r.hint}… → ${r.channel} ${r.recipient}${why}`,
    );
  }
}

export function registerRemindCommands(program: Command): void {
  program
    .command("remind")
    .description("one reminder pass now (or as if it were --now); --status lists undelivered reminders")
    .option("--now <iso>", "run as if it were this ISO date-time")
    .option("--dry-run", "list what would go out; send and record nothing")
    .option("--status", "list undelivered and failed reminders instead of running a pass")
    .option("--json", "with --status: print as JSON")
    .action(function (this: Command, opts: { now?: string; dryRun?: boolean; status?: boolean; json?: boolean }) {
      const at = opts.now === undefined ? undefined : new Date(opts.now);
      if (at && Number.isNaN(at.getTime())) {
        this.error("error: --now must be an ISO date-time such as 2027-03-01T09:00:00Z", {
          exitCode: 2,
          code: "steward.usage",
        });
      }
      if (opts.status && (opts.now || opts.dryRun)) {
        this.error("error: --status cannot be combined with --now or --dry-run", {
          exitCode: 2,
          code: "steward.usage",
        });
      }
      const clock: Clock | undefined = at ? { now: () => at } : undefined;
      return withRuntime(
        (rt) => (opts.status ? status(rt, opts.json === true) : pass(rt, opts.dryRun === true)),
        clock,
      );
    });
}
