/**
 * `steward remind`: one reminder pass by hand (or a dry run), then what else the outbox holds that is due
 * (notices, webhook events); and the status of undelivered reminders, notices and webhook events. A
 * pass and a dry run count alike: one reminder per secret and recipient, the outbox's unit.
 */

import type { Command } from "commander";
import { asc, eq, ne } from "drizzle-orm";
import { Calendar } from "../../src/calendar.js";
import { isoInstantProblem, parseIsoInstant } from "../../src/iso-time.js";
import { planAccessHousekeeping } from "../../src/jobs/access-housekeeping.js";
import type { DueReminder, Recipient } from "../../src/jobs/find-due-reminders.js";
import { loadReminderItems } from "../../src/jobs/reminder-items.js";
import { runReminderPass } from "../../src/jobs/reminder-pass.js";
import { plannedRetirements } from "../../src/jobs/retire-idle-secrets.js";
import { isoMinute, plural } from "../../src/messages/format.js";
import { deliverOutbox } from "../../src/outbox/deliver-outbox.js";
import type { Clock } from "../../src/ports/clock.js";
import { outboxParts, reminderParts } from "../root/reminders.js";
import type { Runtime } from "../root/runtime.js";
import { type Cli, CliExit } from "./runtime.js";

const reminderCount = (n: number) => `${plural(n, "reminder")} (one per secret and recipient)`;

/** A chat platform this runtime cannot post to: an alert channel there fails and its managers get e-mail. */
const isPlatformOff = (rt: Runtime, channel: Recipient["channel"]) =>
  channel !== "email" && !rt.outgoing.notifiers.has(channel);

/** Who a reminder goes to, as the dry run says it. */
function recipientText(rt: Runtime, r: Recipient): string {
  if (r.channel === "email") return r.recipient;
  const where = `${r.channel} ${r.recipient}`;
  return isPlatformOff(rt, r.channel) ? `${where} (${platformOff(r.channel)})` : where;
}

const platformOff = (channel: "slack" | "teams") =>
  `${channel === "slack" ? "Slack" : "Teams"} is not configured here: its managers get it by e-mail instead`;

/** Everything the pass would send at this moment: the reminders, and the access housekeeping's notices. */
async function dryRun(cli: Cli, rt: Runtime, due: DueReminder[], isJson: boolean): Promise<void> {
  const { out, printJson } = cli;
  const items = await loadReminderItems(
    rt.db,
    due.map((d) => d.secretId),
  );
  const notices = await planAccessHousekeeping(rt);
  const rotations = (await plannedRetirements(rt)).map((r) => ({
    application: r.application.name,
    action: r.retire === "auto" ? "retire" : "ask",
    olders: r.olders.map((o) => o.hint),
    idleSince: r.idleFrom?.toISOString() ?? null,
  }));
  const reminders = due.flatMap((d) => {
    const item = items.get(d.secretId);
    return d.recipients.map((r) => ({
      threshold: d.threshold,
      application: item?.applicationName ?? "?",
      hint: item?.hint ?? "?",
      expiresAt: item?.expiresAt.toISOString() ?? null,
      channel: r.channel,
      recipient: r.recipient,
      isPlatformOff: isPlatformOff(rt, r.channel),
    }));
  });
  if (isJson) {
    printJson({ isDryRun: true, at: rt.clock.now().toISOString(), reminders, notices, rotations });
    return;
  }
  out(
    `Dry run at ${isoMinute(rt.clock.now())}: ${reminderCount(reminders.length)} and ${plural(notices.length, "access notice")} would go out, for ${plural(due.length, "secret")}${rotations.length > 0 ? `, and ${plural(rotations.length, "idle rotation")} would be acted on; nothing was sent, recorded or deleted` : "; nothing was sent or recorded"}.`,
  );
  const calendar = Calendar.of(rt);
  for (const d of due) {
    const item = items.get(d.secretId);
    const who = d.recipients.map((r) => recipientText(rt, r));
    out(
      `• ${d.threshold}: ${item?.applicationName} ${item?.hint}… (expires ${item ? calendar.dateOf(item.expiresAt) : "?"}) → ${who.join(", ") || "nobody"}`,
    );
  }
  for (const n of notices) out(`• ${n.kind}: ${n.about} → ${n.to}`);
  for (const r of rotations) {
    const what = r.olders.map((hint) => `${hint}…`).join(", ");
    out(
      r.action === "retire"
        ? `• retire: ${r.application} ${what} (idle), deleted by the bot, its managers told`
        : `• ask: ${r.application} ${what} (idle), its managers asked to delete it`,
    );
  }
}

async function pass(cli: Cli, rt: Runtime, isDryRun: boolean, isJson: boolean): Promise<void> {
  const { err, out, printJson } = cli;
  const parts = reminderParts(rt);
  const report = await runReminderPass(parts.deps, { ...parts.options, isDryRun });
  if (report.outcome === "skipped") {
    err(`❌ Not run: ${report.reason}. Try again when it has finished.`);
    throw new CliExit(1);
  }
  if (report.outcome === "dry-run") return dryRun(cli, rt, report.due, isJson);
  const d = report.delivery;
  const outbox = await deliverOutbox(outboxParts(rt));
  if (isJson) {
    const access = report.before ?? { lapsed: 0, warned: 0, ended: 0 };
    const rotations = report.retire ?? { asked: 0, retired: 0, failed: 0 };
    printJson({
      isDryRun: false,
      at: rt.clock.now().toISOString(),
      recorded: report.recorded,
      ...d,
      access,
      rotations,
      outbox,
    });
    return;
  }
  out(
    `✅ Reminder pass done: ${reminderCount(report.recorded)} recorded; sent ${d.sent}, printed ${d.printed}${d.printed ? " (SMTP_URL is not set)" : ""}, retrying ${d.retrying}, failed ${d.failed}${d.recovered ? `, resumed ${d.recovered} interrupted` : ""}.`,
  );
  const b = report.before;
  if (b && b.lapsed + b.warned + b.ended > 0) {
    out(
      `Access: ${plural(b.lapsed, "request")} lapsed, ${plural(b.warned, "grant")} ending soon announced, ${plural(b.ended, "grant")} ended.`,
    );
  }
  const r = report.retire;
  if (r && r.asked + r.retired + r.failed > 0) {
    out(
      `Rotations: managers asked to retire idle older secrets of ${plural(r.asked, "application")}; retired those of ${plural(r.retired, "application")}${r.failed ? `; ${r.failed} could not be retired (tried again at the next pass)` : ""}.`,
    );
  }
  const o = outbox;
  if (o.sent + o.retrying + o.failed + o.recovered > 0) {
    out(
      `Notices and webhook events: sent ${o.sent}, retrying ${o.retrying}, failed ${o.failed}${o.recovered ? `, resumed ${o.recovered} interrupted` : ""}.`,
    );
  }
  if (d.failed + d.retrying + o.failed + o.retrying > 0)
    out("See `steward remind --status` for what was not delivered.");
}

async function status(cli: Cli, rt: Runtime, isJson: boolean): Promise<void> {
  const { out, printJson } = cli;
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
  const others = await outboxStatus(rt);
  if (isJson) {
    printJson([
      ...rows.map(({ nextAttemptAt, ...r }) => ({
        kind: "reminder",
        ...r,
        nextAttemptAt: nextAttemptAt.toISOString(),
      })),
      ...others.map(({ nextAttemptAt, ...r }) => ({ ...r, nextAttemptAt: nextAttemptAt.toISOString() })),
    ]);
    return;
  }
  if (rows.length === 0 && others.length === 0) {
    out("✅ Every recorded reminder, notice and webhook event was delivered.");
    return;
  }
  if (rows.length > 0) out(`${plural(rows.length, "reminder")} not delivered:`);
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
  if (others.length > 0)
    out(`${plural(others.length, "notice or webhook event", "notices or webhook events")} not delivered:`);
  for (const r of others) {
    const next = r.status === "pending" ? `, next try ${isoMinute(r.nextAttemptAt)}` : "";
    out(
      `• ${r.status} (${r.attempts} attempt(s)${next}): ${r.kind} ${r.type} → ${r.recipient}${r.lastError ? ` — ${r.lastError}` : ""}`,
    );
  }
}

/** Notices and webhook deliveries not (yet) delivered. */
function outboxStatus(rt: Runtime) {
  const { outbox } = rt.db.t;
  return rt.db
    .select({
      kind: outbox.kind,
      type: outbox.type,
      recipient: outbox.recipient,
      status: outbox.status,
      attempts: outbox.attempts,
      nextAttemptAt: outbox.nextAttemptAt,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(ne(outbox.status, "sent"))
    .orderBy(asc(outbox.status), asc(outbox.nextAttemptAt));
}

type RemindOptions = { now?: string; dryRun?: boolean; status?: boolean; json?: boolean };

export function registerRemindCommands(program: Command, cli: Cli): void {
  const { withRuntime } = cli;
  program
    .command("remind")
    .description("one reminder pass now (or as if it were --now); --status lists undelivered reminders")
    .option("--now <iso>", "run as if it were this ISO 8601 date or date-time (UTC unless it says)")
    .option("--dry-run", "list what would go out; send and record nothing")
    .option("--status", "list undelivered and failed reminders instead of running a pass")
    .option("--json", "print the pass, the dry run or the status as JSON")
    .action((opts: RemindOptions) => {
      const at = opts.now === undefined ? undefined : parseIsoInstant(opts.now);
      if (at === null) cli.usageError(isoInstantProblem("--now", "2027-03-01T09:00:00Z"));
      if (opts.status && (opts.now || opts.dryRun))
        cli.usageError("--status cannot be combined with --now or --dry-run.");
      const clock: Clock | undefined = at ? { now: () => at } : undefined;
      const isJson = opts.json === true;
      // With --json, stdout holds only the JSON: mail printed for want of SMTP_URL goes to stderr.
      const printTo = { out: isJson ? cli.io.stderr : cli.io.stdout };
      return withRuntime(
        (rt) => (opts.status ? status(cli, rt, isJson) : pass(cli, rt, opts.dryRun === true, isJson)),
        clock,
        printTo,
      );
    });
}
