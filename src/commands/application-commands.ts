/** `list`, `show <app>`, `expiring [days]`. */
import { administratorEmails } from "../access.js";
import { AppError } from "../errors.js";
import { applicationDetail, applicationList, expiringList } from "../messages/applications.js";
import { listApplications } from "../verbs/list-applications.js";
import { listExpiringSecrets } from "../verbs/list-expiring-secrets.js";
import { showApplication } from "../verbs/show-application.js";
import type { Command } from "./command.js";

const canView = (can: { hasGrant: boolean; isAdmin: boolean }) => can.hasGrant || can.isAdmin;

export const listCommand: Command = {
  name: "list",
  usage: "list",
  summary: "your applications, with secret counts and the nearest expiry",
  isVisibleTo: canView,
  args: { min: 0, max: 0 },
  run: async (ctx) => applicationList(await listApplications(ctx), ctx.clock.now(), await administratorEmails(ctx)),
};

export const showCommand: Command = {
  name: "show",
  usage: "show <app>",
  summary: "one application: clientId, APIs and every secret (hint, name, expiry, last used)",
  isVisibleTo: canView,
  args: { min: 1, max: 1 },
  run: async (ctx, { positionals }) =>
    applicationDetail(await showApplication(ctx, { application: positionals[0]! }), ctx.clock.now()),
};

/** Accepts `30` or `30d`. */
function parseDays(raw: string | undefined): number {
  if (raw === undefined) return 30;
  const match = /^(\d{1,4})d?$/i.exec(raw.trim());
  const days = match ? Number(match[1]) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new AppError("VALIDATION", `"${raw}" is not a number of days. Try \`expiring 30\`.`);
  }
  return days;
}

export const expiringCommand: Command = {
  name: "expiring",
  usage: "expiring [days]",
  summary: "secrets of your applications expiring within that many days (30 unless given)",
  isVisibleTo: canView,
  args: { min: 0, max: 1 },
  run: async (ctx, { positionals }) => {
    const days = parseDays(positionals[0]);
    return expiringList(await listExpiringSecrets(ctx, { days }), days, ctx.clock.now());
  },
};
