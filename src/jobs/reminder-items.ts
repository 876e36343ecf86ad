/** Loads what a reminder message shows for a set of secrets (never a value: hints and names only). */
import type { Db } from "../../db/client.js";
import type { ReminderItem } from "../messages/reminders.js";

export type LoadedItem = ReminderItem & { secretId: number; applicationId: number; organisationId: number };

export function loadReminderItems(db: Db, secretIds: number[]): Map<number, LoadedItem> {
  if (secretIds.length === 0) return new Map();
  const rows = db.$client
    .prepare(
      `select s.id, s.application_id, a.organisation_id, s.hint, s.display_name, s.expires_at, a.name, a.client_id,
              exists (select 1 from client_secrets n where n.application_id = s.application_id
                       and n.expires_at > s.expires_at and n.created_at >= s.created_at and n.id <> s.id) as has_successor
         from client_secrets s join applications a on a.id = s.application_id
        where s.id in (${secretIds.map(() => "?").join(",")})`,
    )
    .all(...secretIds) as {
    id: number;
    application_id: number;
    organisation_id: number;
    hint: string;
    display_name: string;
    expires_at: number;
    name: string;
    client_id: string;
    has_successor: number;
  }[];
  return new Map(
    rows.map((r) => [
      r.id,
      {
        secretId: r.id,
        applicationId: r.application_id,
        organisationId: r.organisation_id,
        applicationName: r.name,
        clientId: r.client_id,
        hint: r.hint,
        displayName: r.display_name,
        expiresAt: new Date(r.expires_at),
        hasSuccessor: r.has_successor === 1,
      },
    ]),
  );
}
