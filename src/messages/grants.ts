/** Notices about grants: one ending soon, one ended, and an application left with too few managers. */
import { requestLine, typed } from "../commands/actions.js";
import { type Reply, reply } from "../reply.js";
import { isoMinute, list, plural, roleVerb } from "./format.js";

export type EndingGrant = { email: string; role: string; target: string; endsAt: Date };

/** To the holder, a few days before: when it ends, and how to ask again. */
export const grantEndsSoon = (g: EndingGrant): Reply =>
  reply(
    "warning",
    `⚠️ Your access to ${roleVerb(g.role)} ${g.target} ends on ${isoMinute(g.endsAt)}. If you still need it, ask again: \`${requestLine(g.target, g.role)}\`.`,
  );

export const grantEndsSoonSubject = (g: EndingGrant) =>
  `⚠️ Your access to ${g.target} ends on ${isoMinute(g.endsAt).slice(0, 10)}`;

/** To the organisation's managers and the administrators. */
export const fewManagers = (app: string, managers: string[], why: string): Reply =>
  reply(
    "warning",
    `⚠️ ${app} now has ${plural(managers.length, "credential manager")}${managers.length > 0 ? ` (${list(managers)})` : ""}, because ${why}. At least 2 are recommended: an administrator can add one with ${typed("grant", "<email>", app, "manager")}.`,
  );

export const fewManagersSubject = (app: string, n: number) =>
  `⚠️ ${app} has ${plural(n, "credential manager")}; at least 2 are recommended`;
