/**
 * At least two credential managers per application are recommended, so one person's holiday never
 * strands an integration. When a grant ends or is revoked and an application is left with fewer, the
 * organisation's managers and the administrators are told, once for that event, through the outbox.
 */
import { inArray } from "drizzle-orm";
import type { Deps } from "../context.js";
import { fewManagers, fewManagersSubject } from "../messages/grants.js";
import { type Notice, sendNotices, toPerson } from "../outbox/notices.js";
import { type ApplicationRow, administratorEmails, managersOf, organisationManagers } from "../people.js";

export type FewManagersWarning = { app: ApplicationRow; managers: string[]; recipients: string[] };

/** The applications among these left with fewer than two managers, and who is to be told (read only). */
export async function fewManagerWarnings(deps: Deps, applicationIds: number[]): Promise<FewManagersWarning[]> {
  if (applicationIds.length === 0) return [];
  const { applications } = deps.db.t;
  const now = deps.clock.now();
  const apps = await deps.db.select().from(applications).where(inArray(applications.id, applicationIds));
  const warnings: FewManagersWarning[] = [];
  for (const app of apps) {
    const managers = await managersOf(deps.db, app, now);
    if (managers.length >= 2) continue;
    const orgManagers = await organisationManagers(deps.db, app.organisationId, now);
    const recipients = [...new Set([...orgManagers, ...(await administratorEmails(deps))])].sort();
    warnings.push({ app, managers, recipients });
  }
  return warnings;
}

export async function warnIfFewManagers(deps: Deps, applicationIds: number[], why: string): Promise<void> {
  const now = deps.clock.now();
  const notices: Notice[] = [];
  for (const { app, managers, recipients } of await fewManagerWarnings(deps, applicationIds)) {
    const reply = fewManagers(app.name, managers, why);
    const subject = fewManagersSubject(app.name, managers.length);
    notices.push(
      ...recipients.map((email) => ({
        key: `managers.few:${app.id}:${now.getTime()}:${email}`,
        type: "managers.few",
        recipient: email,
        to: toPerson(email),
        reply,
        subject,
      })),
    );
  }
  await sendNotices(deps, notices);
}
