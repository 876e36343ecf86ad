/** `list`, `show <app>`, `expiring [days]`, and the overview a surface shows without a command (Slack's Home tab). */
import { z } from "zod";
import { Calendar } from "../calendar.js";
import type { Ctx } from "../context.js";
import { applicationDetail, applicationList, expiringList } from "../messages/applications.js";
import { administratorEmails } from "../people.js";
import type { Reply } from "../reply.js";
import { listApplications } from "../verbs/list-applications.js";
import { listExpiringSecrets } from "../verbs/list-expiring-secrets.js";
import { showApplication } from "../verbs/show-application.js";
import { defineCommand } from "./command.js";
import { commandNames } from "./names.js";
import { words } from "./words.js";

const DEFAULT_EXPIRING_DAYS = 30;

const applications = async (ctx: Ctx): Promise<Reply> => {
  const apps = await listApplications(ctx);
  // The administrators are named only to someone who has no application yet, so only then looked up.
  return applicationList(apps, Calendar.of(ctx), apps.length === 0 ? await administratorEmails(ctx) : []);
};

const expiring = async (ctx: Ctx, days: number): Promise<Reply> =>
  expiringList(await listExpiringSecrets(ctx, { days }), days, Calendar.of(ctx));

/** The person's applications and what expires within 30 days: what `list` and `expiring` show. */
export const overview = async (ctx: Ctx): Promise<Reply[]> => [
  await applications(ctx),
  await expiring(ctx, DEFAULT_EXPIRING_DAYS),
];

export const listCommand = defineCommand({
  name: commandNames.list,
  usage: "list",
  summary: "your applications, with secret counts and the nearest expiry",
  access: "viewer",
  traits: { isShareable: true },
  words: { min: 0, max: 0 },
  input: z.unknown(),
  run: (ctx) => applications(ctx),
});

export const showCommand = defineCommand({
  name: commandNames.show,
  usage: "show <app>",
  summary: "one application: clientId, APIs and every secret (hint, name, expiry, last used)",
  access: "viewer",
  words: { min: 1, max: 1 },
  input: z
    .object({ positionals: z.tuple([words.application]) })
    .transform(({ positionals: [application] }) => application),
  run: async (ctx, application) => applicationDetail(await showApplication(ctx, { application }), Calendar.of(ctx)),
});

export const expiringCommand = defineCommand({
  name: commandNames.expiring,
  usage: "expiring [days]",
  summary: "secrets of your applications expiring within that many days (30 unless given)",
  access: "viewer",
  traits: { isShareable: true },
  words: { min: 0, max: 1 },
  input: z
    .object({ positionals: z.tuple([words.days.optional()]) })
    .transform(({ positionals: [days] }) => days ?? DEFAULT_EXPIRING_DAYS),
  run: (ctx, days) => expiring(ctx, days),
});
