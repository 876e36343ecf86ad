/** `grant`, `revoke`, `alerts here|off`, `audit`. */
import { z } from "zod";
import { AppError } from "../errors.js";
import { parseGrantDays } from "../grant-end.js";
import { alertsChanged, auditList, granted, revoked } from "../messages/admin.js";
import { errors } from "../messages/errors.js";
import { authoriseAlertRouting } from "../policy.js";
import { grantAccess } from "../verbs/grant-access.js";
import { listAuditEntries } from "../verbs/list-audit-entries.js";
import { revokeAccess } from "../verbs/revoke-access.js";
import { setAlertChannel } from "../verbs/set-alert-channel.js";
import { typed } from "./actions.js";
import { defineCommand } from "./command.js";
import { commandNames } from "./names.js";
import { words } from "./words.js";

export const grantCommand = defineCommand({
  name: commandNames.grant,
  usage: "grant <email> <app or organisation> manager|viewer [--for <days>d]",
  summary: "gives a person access (an organisation grant covers all its applications); --for makes it end by itself",
  access: "administrator",
  purpose: "grant access",
  options: { for: { type: "string" } },
  words: { min: 3, max: 3 },
  input: z
    .object({
      positionals: z.tuple([words.email, words.target, words.role]),
      values: z.object({ for: z.string().optional() }),
    })
    .transform(({ positionals: [email, ref, role], values }) => ({
      email,
      target: { kind: "either" as const, ref },
      role,
      forDays: values.for,
    })),
  run: async (ctx, { forDays, ...input }) => {
    const days = forDays === undefined ? undefined : parseGrantDays(forDays, ctx.config.grantMaxDays);
    return granted(await grantAccess(ctx, { ...input, days }));
  },
});

export const revokeCommand = defineCommand({
  name: commandNames.revoke,
  usage: "revoke <email> <app or organisation>",
  summary: "removes a person's access",
  access: "administrator",
  purpose: "revoke access",
  words: { min: 2, max: 2 },
  input: z
    .object({ positionals: z.tuple([words.email, words.target]) })
    .transform(({ positionals: [email, ref] }) => ({ email, target: { kind: "either" as const, ref } })),
  run: async (ctx, input) => {
    const outcome = await revokeAccess(ctx, input);
    return revoked(outcome.email, outcome.target, outcome.isRevoked);
  },
});

const AlertsMode = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (mode) => mode === "here" || mode === "off",
    `Type ${typed("alerts", "here", "<organisation>")} or ${typed("alerts", "off", "<organisation>")}.`,
  );

export const alertsCommand = defineCommand({
  name: commandNames.alerts,
  usage: "alerts here|off <organisation>",
  summary: "this channel gets (or stops getting) the organisation's expiry alerts",
  access: "alert-router",
  traits: { needsChannel: true },
  // The organisation named decides, so the refusal can name it; without one, the usage follows.
  authorise: async (ctx, [, organisation]) => {
    if (organisation) await authoriseAlertRouting(ctx, organisation);
  },
  words: { min: 2, max: 2 },
  input: z
    .object({ positionals: z.tuple([AlertsMode, words.organisation]) })
    .transform(({ positionals: [mode, organisation] }) => ({ isOn: mode === "here", organisation })),
  run: async (ctx, { isOn, organisation }, env) => {
    if (!env.channel) throw new AppError("VALIDATION", errors.alertsNeedChannel(isOn));
    const { cannotPost, ...channel } = env.channel;
    // Authorised before this (see authorise): a stranger learns nothing from whether the bot could post here.
    const why = isOn && cannotPost ? await cannotPost() : null;
    if (why) throw new AppError("VALIDATION", why);
    const outcome = await setAlertChannel(ctx, { organisation, isOn, ...channel });
    return alertsChanged(outcome.organisation, isOn, outcome.isChanged);
  },
});

export const auditCommand = defineCommand({
  name: commandNames.audit,
  usage: "audit [<app>]",
  summary: "recent audit entries (all for administrators; one application for its managers)",
  access: "auditor",
  words: { min: 0, max: 1 },
  input: z
    .object({ positionals: z.tuple([words.application.optional()]) })
    .transform(({ positionals: [application] }) => application),
  run: async (ctx, application) => auditList(await listAuditEntries(ctx, { application, limit: 20 }), application),
});
