/**
 * Planning, in bounded batches: scans the secrets near or just past expiry, asks `dueThreshold` which
 * reminder each needs now, and resolves who hears it. Memory is bounded by the batch size, not by the
 * number of secrets. The scan reads the expiry index alone (client_secrets_expiry_scan_idx holds every
 * column it needs, in the order it pages), and moments come as numbers, not Dates (npm run
 * bench:reminders plans a pass over a million secrets on both databases).
 */
import { and, asc, between, eq, gt, or } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { epochMs } from "../../db/epoch-ms.js";
import { inIds } from "../../db/id-list.js";
import type { Deactivator } from "../../db/vocabulary.js";
import { isActiveGrant } from "../active-grants.js";
import { DAY_MS } from "../messages/format.js";
import { LocalDays } from "./local-days.js";
import { dueThreshold, EXPIRED_REMINDER_WINDOW_DAYS } from "./plan-reminders.js";

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
  /** Who hears a reminder for an application with no manager and no contact. */
  fallbackEmails: string[];
  batchSize?: number;
};

/** Moments in Unix milliseconds. */
type SecretRow = {
  id: number;
  applicationId: number;
  organisationId: number;
  expiresAt: number;
  createdAt: number;
  deactivatedAt: number | null;
  deactivatedBy: Deactivator | null;
};

/** Yields the due reminders batch by batch. */
export async function* findDueReminders(db: Db, options: PlanningOptions): AsyncGenerator<DueReminder[]> {
  const now = options.now.getTime();
  const maxDays = Math.max(...options.reminderDays) + 3; // +3: a weekend shift brings a threshold forward
  const plan = { now, reminderDays: options.reminderDays, days: new LocalDays(options.timeZone) };
  const batchSize = options.batchSize ?? 5000;
  const { applications, clientSecrets } = db.t;
  const windowEnd = new Date(now + maxDays * DAY_MS);
  // Keyset pages in the order of the expiry index (expires_at, then the row id it carries): each page
  // starts where the last one ended, so a pass reads the window once instead of sorting it per page.
  let after: { expiresAt: Date; id: number } | null = null;
  while (true) {
    const from: Date = after?.expiresAt ?? new Date(now - EXPIRED_REMINDER_WINDOW_DAYS * DAY_MS);
    const rows: SecretRow[] = await db
      .select({
        id: clientSecrets.id,
        applicationId: clientSecrets.applicationId,
        organisationId: applications.organisationId,
        expiresAt: epochMs(db, clientSecrets.expiresAt),
        createdAt: epochMs(db, clientSecrets.createdAt),
        deactivatedAt: epochMs(db, clientSecrets.deactivatedAt),
        deactivatedBy: clientSecrets.deactivatedBy,
      })
      .from(clientSecrets)
      .innerJoin(applications, eq(applications.id, clientSecrets.applicationId))
      .where(
        and(
          between(clientSecrets.expiresAt, from, windowEnd),
          after ? or(gt(clientSecrets.expiresAt, after.expiresAt), gt(clientSecrets.id, after.id)) : undefined,
        ),
      )
      .orderBy(asc(clientSecrets.expiresAt), asc(clientSecrets.id))
      .limit(batchSize);
    const last = rows.at(-1);
    if (!last) return;
    after = { expiresAt: new Date(last.expiresAt), id: last.id };
    const planned = await plannedThresholds(
      db,
      rows.map((r) => r.id),
    );
    const due: { row: SecretRow; threshold: string }[] = [];
    for (const row of rows) {
      const threshold = dueThreshold(row, planned.get(row.id) ?? NONE_PLANNED, plan);
      if (threshold) due.push({ row, threshold });
    }
    if (due.length === 0) continue;
    const recipients = await recipientsFor(
      db,
      due.map((d) => d.row),
      options,
    );
    yield due.map(({ row, threshold }) => ({
      secretId: row.id,
      applicationId: row.applicationId,
      organisationId: row.organisationId,
      threshold,
      recipients: recipients(row.applicationId, row.organisationId),
    }));
  }
}

const NONE_PLANNED: ReadonlySet<string> = new Set();

async function plannedThresholds(db: Db, secretIds: number[]): Promise<Map<number, Set<string>>> {
  const { reminderOutbox } = db.t;
  const rows = await db
    .selectDistinct({ secretId: reminderOutbox.secretId, threshold: reminderOutbox.threshold })
    .from(reminderOutbox)
    .where(inIds(db, reminderOutbox.secretId, secretIds));
  const planned = new Map<number, Set<string>>();
  for (const r of rows) {
    const set = planned.get(r.secretId) ?? new Set<string>();
    set.add(r.threshold.split(":")[0] ?? r.threshold);
    planned.set(r.secretId, set);
  }
  return planned;
}

/** Managers (application and organisation grants), organisation contacts, and subscribed channels. */
async function recipientsFor(db: Db, rows: SecretRow[], options: PlanningOptions) {
  const { accessGrants, alertChannels, contacts, people } = db.t;
  const appIds = [...new Set(rows.map((r) => r.applicationId))];
  const orgIds = [...new Set(rows.map((r) => r.organisationId))];
  const managers = await db
    .select({
      applicationId: accessGrants.applicationId,
      organisationId: accessGrants.organisationId,
      email: people.email,
    })
    .from(accessGrants)
    .innerJoin(people, eq(people.id, accessGrants.personId))
    .where(
      and(
        eq(accessGrants.role, "manager"),
        or(inIds(db, accessGrants.applicationId, appIds), inIds(db, accessGrants.organisationId, orgIds)),
        isActiveGrant(accessGrants, options.now),
      ),
    );
  const orgContacts = await db
    .select({ organisationId: contacts.organisationId, email: contacts.email })
    .from(contacts)
    .where(inIds(db, contacts.organisationId, orgIds));
  const channels = await db
    .select({
      organisationId: alertChannels.organisationId,
      platform: alertChannels.platform,
      workspace: alertChannels.workspace,
      channelId: alertChannels.channelId,
    })
    .from(alertChannels)
    .where(inIds(db, alertChannels.organisationId, orgIds));

  const managersByApp = groupBy(managers, (m) => m.applicationId);
  const managersByOrg = groupBy(managers, (m) => m.organisationId);
  const contactsByOrg = groupBy(orgContacts, (c) => c.organisationId);
  // Every alert channel, also one on a platform that is off here: its delivery fails and says so, and
  // the managers get the alert by e-mail instead (deliver-reminders.ts), so none is dropped unseen.
  const channelsByOrg = groupBy(channels, (c) => c.organisationId);

  const resolve = (applicationId: number, organisationId: number): Recipient[] => {
    const emails = new Set([
      ...(managersByApp.get(applicationId) ?? []).map((m) => m.email),
      ...(managersByOrg.get(organisationId) ?? []).map((m) => m.email),
      ...(contactsByOrg.get(organisationId) ?? []).map((c) => c.email),
    ]);
    if (emails.size === 0) for (const e of options.fallbackEmails) emails.add(e);
    const chat = (channelsByOrg.get(organisationId) ?? []).map((c) => ({
      channel: c.platform,
      recipient: `${c.workspace}/${c.channelId}`,
    }));
    return [...[...emails].sort().map((e) => ({ channel: "email" as const, recipient: e })), ...chat];
  };
  // Worked out once per batch and copied per reminder: per application when it has managers of its
  // own, else per organisation (whose recipients they then are).
  const byApplication = new Map<number, Recipient[]>();
  const byOrganisation = new Map<number, Recipient[]>();
  return (applicationId: number, organisationId: number): Recipient[] => {
    const [known, key] = managersByApp.has(applicationId)
      ? [byApplication, applicationId]
      : [byOrganisation, organisationId];
    let recipients = known.get(key);
    if (!recipients) {
      recipients = resolve(applicationId, organisationId);
      known.set(key, recipients);
    }
    return recipients.slice();
  };
}

/** Groups items by a key; items whose key is null are left out. */
function groupBy<T>(items: T[], key: (item: T) => number | null): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
