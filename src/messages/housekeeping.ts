/** One line per access notice a reminder pass would send, for its dry run (`steward remind --dry-run`). */
import { isoMinute, plural, roleVerb } from "./format.js";

export const housekeepingLines = {
  requestLapses: (r: { id: number; role: string; targetName: string; createdAt: Date }) =>
    `access request #${r.id} to ${roleVerb(r.role)} ${r.targetName} (asked ${isoMinute(r.createdAt)}) lapses undecided`,
  grantEnds: (g: { role: string; target: string; endsAt: Date }) =>
    `their access to ${roleVerb(g.role)} ${g.target} ends on ${isoMinute(g.endsAt)}`,
  fewManagers: (app: string, managers: number) =>
    `${app} is left with ${plural(managers, "credential manager")} as a time-bound grant ended`,
};
