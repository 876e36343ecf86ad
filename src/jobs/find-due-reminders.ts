/**
 * Planning, in bounded batches: scans the secrets near or just past expiry, asks `dueThreshold` which
 * reminder each needs now, and resolves who hears it. Memory is bounded by the batch size, not by the
 * number of secrets.
 */
import type { Db } from "../../db/client.js";
import { LocalDays } from "./local-days.js";
import { dueThreshold, EXPIRED_REMINDER_WINDOW_DAYS } from "./plan-reminders.js";

const DAY_MS = 86_400_000;

export type Recipient = { channel: "email" | "slack" | "teams"; recipient: string };

export type DueReminder = {
  secretId: number;
  applicationId: number;
  organisationId: number;
  threshold: string;
  recipients: Recipient[];
};

export type PlanningOptions = {
  now: Date;
  reminderDays: number[];
  timeZone: string;
  /** Chat platforms that can post; alert channels on others are skipped (managers still get e-mail). */
  chatPlatforms: ReadonlySet<"slack" | "teams">;
  /** Who hears a reminder for an application with no manager and no contact. */
  fallbackEmails: string[];
  batchSize?: number;
};

type SecretRow = {
  id: number;
  application_id: number;
  organisation_id: number;
  expires_at: number;
  created_at: number;
};

const inList = (ids: number[]) => ids.map(() => "?").join(",");

/** Yields the due reminders batch by batch. */
export function* findDueReminders(db: Db, options: PlanningOptions): Generator<DueReminder[]> {
  const now = options.now.getTime();
  const maxDays = Math.max(...options.reminderDays) + 3; // +3: a weekend shift brings a threshold forward
  const days = new LocalDays(options.timeZone);
  const plan = { now, reminderDays: options.reminderDays, days };
  const batchSize = options.batchSize ?? 5000;
  const scan = db.$client.prepare(
    `select s.id, s.application_id, a.organisation_id, s.expires_at, s.created_at
       from client_secrets s join applications a on a.id = s.application_id
      where s.expires_at between ? and ? and s.id > ? order by s.id limit ?`,
  );
  let lastId = 0;
  while (true) {
    const rows = scan.all(
      now - EXPIRED_REMINDER_WINDOW_DAYS * DAY_MS,
      now + maxDays * DAY_MS,
      lastId,
      batchSize,
    ) as SecretRow[];
    if (rows.length === 0) return;
    lastId = rows[rows.length - 1]!.id;
    const planned = plannedThresholds(
      db,
      rows.map((r) => r.id),
    );
    const due = rows.flatMap((row) => {
      const threshold = dueThreshold(
        { expiresAt: row.expires_at, createdAt: row.created_at },
        planned.get(row.id) ?? new Set(),
        plan,
      );
      return threshold ? [{ row, threshold }] : [];
    });
    if (due.length > 0) {
      const recipients = recipientsFor(
        db,
        due.map((d) => d.row),
        options,
      );
      yield due.map(({ row, threshold }) => ({
        secretId: row.id,
        applicationId: row.application_id,
        organisationId: row.organisation_id,
        threshold,
        recipients: recipients(row.application_id, row.organisation_id),
      }));
    }
  }
}

function plannedThresholds(db: Db, secretIds: number[]): Map<number, Set<string>> {
  const rows = db.$client
    .prepare(`select distinct secret_id, threshold from reminder_outbox where secret_id in (${inList(secretIds)})`)
    .all(...secretIds) as { secret_id: number; threshold: string }[];
  const planned = new Map<number, Set<string>>();
  for (const r of rows) {
    const set = planned.get(r.secret_id) ?? new Set<string>();
    set.add(r.threshold.split(":")[0]!);
    planned.set(r.secret_id, set);
  }
  return planned;
}

/** Managers (application and organisation grants), organisation contacts, and subscribed channels. */
function recipientsFor(db: Db, rows: SecretRow[], options: PlanningOptions) {
  const appIds = [...new Set(rows.map((r) => r.application_id))];
  const orgIds = [...new Set(rows.map((r) => r.organisation_id))];
  const managers = db.$client
    .prepare(
      `select g.application_id, g.organisation_id, p.email from access_grants g join people p on p.id = g.person_id
        where g.role = 'manager' and (g.application_id in (${inList(appIds)}) or g.organisation_id in (${inList(orgIds)}))`,
    )
    .all(...appIds, ...orgIds) as { application_id: number | null; organisation_id: number | null; email: string }[];
  const contacts = db.$client
    .prepare(`select organisation_id, email from contacts where organisation_id in (${inList(orgIds)})`)
    .all(...orgIds) as { organisation_id: number; email: string }[];
  const channels = db.$client
    .prepare(
      `select organisation_id, platform, workspace, channel_id from alert_channels where organisation_id in (${inList(orgIds)})`,
    )
    .all(...orgIds) as {
    organisation_id: number;
    platform: "slack" | "teams";
    workspace: string;
    channel_id: string;
  }[];

  const managersByApp = groupBy(
    managers.filter((m) => m.application_id !== null),
    (m) => m.application_id!,
  );
  const managersByOrg = groupBy(
    managers.filter((m) => m.organisation_id !== null),
    (m) => m.organisation_id!,
  );
  const contactsByOrg = groupBy(contacts, (c) => c.organisation_id);
  const channelsByOrg = groupBy(
    channels.filter((c) => options.chatPlatforms.has(c.platform)),
    (c) => c.organisation_id,
  );

  return (applicationId: number, organisationId: number): Recipient[] => {
    const emails = new Set([
      ...(managersByApp.get(applicationId) ?? []).map((m) => m.email),
      ...(managersByOrg.get(organisationId) ?? []).map((m) => m.email),
      ...(contactsByOrg.get(organisationId) ?? []).map((c) => c.email),
    ]);
    if (emails.size === 0) for (const e of options.fallbackEmails) emails.add(e);
    const chat = (channelsByOrg.get(organisationId) ?? []).map((c) => ({
      channel: c.platform,
      recipient: `${c.workspace}/${c.channel_id}`,
    }));
    return [...[...emails].sort().map((e) => ({ channel: "email" as const, recipient: e })), ...chat];
  };
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
