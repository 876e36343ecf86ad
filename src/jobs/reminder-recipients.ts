/**
 * Who hears a reminder: the application's own managers when it has any, else its organisation's
 * managers, contacts and subscribed alert channels; the fallback addresses when nobody else.
 *
 * One `ReminderRecipients` serves a whole pass. Each page of secrets asks the database for the
 * application grants of its applications (an index look-up each, few rows), but for an organisation's
 * addresses only the first time the pass meets it: the pages of a pass, in expiry order, meet the same
 * organisations again and again. What it holds is bounded (`MAX_ORGANISATIONS`; past that it starts
 * afresh), so memory does not grow with the number of secrets.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { inIds } from "../../db/id-list.js";
import { isActiveGrant } from "../active-grants.js";

export type Recipient = { channel: "email" | "slack" | "teams"; recipient: string };

/** Organisations whose addresses a pass keeps at most. */
const MAX_ORGANISATIONS = 50_000;
const NONE: readonly string[] = [];

export class ReminderRecipients {
  /** Each organisation met so far: its managers' and contacts' addresses (kept lean: a pass meets many). */
  private readonly orgEmails = new Map<number, readonly string[]>();
  /** Its alert channels, for the few organisations that have any. */
  private readonly orgChat = new Map<number, readonly Recipient[]>();

  constructor(
    private readonly db: Db,
    private readonly now: Date,
    private readonly fallbackEmails: readonly string[],
  ) {}

  /**
   * Reads what the page's secrets need and returns who hears a reminder for an application of an
   * organisation (the same array for every reminder of the page with the same recipients; never change it).
   */
  async forPage(
    rows: readonly { applicationId: number; organisationId: number }[],
  ): Promise<(applicationId: number, organisationId: number) => readonly Recipient[]> {
    const appIds = [...new Set(rows.map((r) => r.applicationId))];
    let newOrgIds = [...new Set(rows.map((r) => r.organisationId))].filter((id) => !this.orgEmails.has(id));
    if (this.orgEmails.size + newOrgIds.length > MAX_ORGANISATIONS) {
      this.orgEmails.clear();
      this.orgChat.clear();
      newOrgIds = [...new Set(rows.map((r) => r.organisationId))];
    }
    // At once: on PostgreSQL each goes to its own connection of the pool.
    const [appManagers] = await Promise.all([this.appManagers(appIds), this.learnOrganisations(newOrgIds)]);
    // Worked out once per application with managers of its own, else once per organisation.
    const byApplication = new Map<number, readonly Recipient[]>();
    const byOrganisation = new Map<number, readonly Recipient[]>();
    return (applicationId, organisationId) => {
      const own = appManagers.get(applicationId);
      const [known, key] = own ? [byApplication, applicationId] : [byOrganisation, organisationId];
      let recipients = known.get(key);
      if (!recipients) {
        recipients = this.resolve([...(own ?? NONE), ...(this.orgEmails.get(organisationId) ?? NONE)], organisationId);
        known.set(key, recipients);
      }
      return recipients;
    };
  }

  /** E-mail addresses (sorted, once each; the fallback when none), then the organisation's alert channels. */
  private resolve(emails: string[], organisationId: number): readonly Recipient[] {
    if (emails.length === 0) emails.push(...this.fallbackEmails);
    const recipients: Recipient[] = [];
    for (const email of new Set(emails.sort())) recipients.push({ channel: "email", recipient: email });
    recipients.push(...(this.orgChat.get(organisationId) ?? []));
    return recipients;
  }

  /** The managers granted these applications themselves, by application. */
  private async appManagers(appIds: number[]): Promise<Map<number, string[]>> {
    const byApp = new Map<number, string[]>();
    for (const r of await this.managers("applicationId", appIds)) if (r.target !== null) add(byApp, r.target, r.email);
    return byApp;
  }

  /** The active manager grants on these applications or organisations, with the managers' addresses. */
  private managers(on: "applicationId" | "organisationId", ids: number[]) {
    const { accessGrants, people } = this.db.t;
    return this.db
      .select({ target: accessGrants[on], email: people.email })
      .from(accessGrants)
      .innerJoin(people, eq(people.id, accessGrants.personId))
      .where(
        and(
          eq(accessGrants.role, "manager"),
          inIds(this.db, accessGrants[on], ids),
          isActiveGrant(accessGrants, this.now),
        ),
      );
  }

  /** The managers, contacts and alert channels of organisations the pass has not met yet. */
  private async learnOrganisations(orgIds: number[]): Promise<void> {
    if (orgIds.length === 0) return;
    const { alertChannels, contacts } = this.db.t;
    const [managers, orgContacts, channels] = await Promise.all([
      this.managers("organisationId", orgIds),
      this.db
        .select({ organisationId: contacts.organisationId, email: contacts.email })
        .from(contacts)
        .where(inIds(this.db, contacts.organisationId, orgIds)),
      this.db
        .select({
          organisationId: alertChannels.organisationId,
          platform: alertChannels.platform,
          workspace: alertChannels.workspace,
          channelId: alertChannels.channelId,
        })
        .from(alertChannels)
        .where(inIds(this.db, alertChannels.organisationId, orgIds)),
    ]);
    for (const id of orgIds) this.orgEmails.set(id, NONE);
    const emails = new Map<number, string[]>();
    for (const m of managers) if (m.target !== null) add(emails, m.target, m.email);
    for (const c of orgContacts) add(emails, c.organisationId, c.email);
    for (const [id, list] of emails) this.orgEmails.set(id, list);
    // Every alert channel, also one on a platform that is off here: its delivery fails and says so, and
    // the managers get the alert by e-mail instead (deliver-reminders.ts), so none is dropped unseen.
    const chat = new Map<number, Recipient[]>();
    for (const c of channels)
      add(chat, c.organisationId, { channel: c.platform, recipient: `${c.workspace}/${c.channelId}` });
    for (const [id, list] of chat) this.orgChat.set(id, list);
  }
}

/** Appends `item` to the list under `key`. */
function add<T>(lists: Map<number, T[]>, key: number, item: T): void {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}
