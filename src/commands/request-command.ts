/**
 * `request`: anyone asks for a grant; the people who can decide are told where they are. Typed with
 * its words it files the request at once; typed alone it answers with a form (on every surface, since
 * without words there is nothing to file), whose fields are those same words and options.
 */
import { z } from "zod";
import { roles } from "../../db/vocabulary.js";
import type { PureDeps } from "../context.js";
import { isAppError } from "../errors.js";
import { parseGrantDays } from "../grant-end.js";
import { errors } from "../messages/errors.js";
import { requestForm, requestRecorded, requestFormText as text } from "../messages/requests.js";
import { deliverAnnouncement, recordAnnouncement } from "../notices/request-notices.js";
import { administratorEmails } from "../people.js";
import type { FormField } from "../reply.js";
import { findAccessRequest } from "../verbs/find-access-requests.js";
import { requestAccess } from "../verbs/request-access.js";
import { typed } from "./actions.js";
import { defineCommand } from "./command.js";
import { commandNames } from "./names.js";
import { words } from "./words.js";

const REASON_MAX = 500;

/** `--for 30d`: a number of days from 1 to GRANT_MAX_DAYS, said in our words otherwise. */
const grantDays = (maxDays: number) =>
  z.string().transform((raw, check) => {
    try {
      return parseGrantDays(raw, maxDays);
    } catch (error) {
      if (!isAppError(error)) throw error;
      check.addIssue({ code: "custom", message: error.message });
      return z.NEVER;
    }
  });

const RequestInput = (deps: PureDeps) =>
  z
    .object({
      positionals: z.tuple([words.target, words.role]),
      values: z.object({
        for: grantDays(deps.config.grantMaxDays).optional(),
        reason: z.string().trim().max(REASON_MAX, errors.reasonTooLong).optional(),
      }),
    })
    .transform(({ positionals: [target, role], values }) => ({
      target,
      role,
      days: values.for,
      reason: values.reason,
    }));

const requestFields = (deps: PureDeps): FormField[] => [
  {
    key: "target",
    kind: "text",
    label: text.target,
    hint: text.targetHint,
    isRequired: true,
    maxLength: 200,
    fills: { word: 0 },
  },
  {
    key: "role",
    kind: "choice",
    label: text.role,
    isRequired: true,
    choices: roles.map((role) => ({ value: role, label: text.roles[role] })),
    fills: { word: 1 },
  },
  {
    key: "forDays",
    kind: "text",
    label: text.forDays,
    hint: text.forDaysHint(deps.config.grantMaxDays),
    maxLength: 10,
    fills: { option: "for" },
  },
  {
    key: "reason",
    kind: "multiline",
    label: text.reason,
    hint: text.reasonHint,
    maxLength: REASON_MAX,
    fills: { option: "reason" },
  },
];

export const requestCommand = defineCommand({
  name: commandNames.request,
  usage: 'request <app or organisation> manager|viewer [--for <days>d] [--reason "…"]',
  summary: `asks for access (${typed("request")} alone opens a form); the people who can decide are told and you hear the outcome here`,
  access: "anyone",
  options: { for: { type: "string" }, reason: { type: "string" } },
  words: { min: 2, max: 2 },
  input: RequestInput,
  form: {
    fields: requestFields,
    opensWith: (args) => args.positionals.length === 0 && Object.values(args.values).every((v) => v === undefined),
    open: async (ctx) =>
      requestForm({
        title: text.title,
        submitLabel: text.submit,
        command: commandNames.request,
        fields: requestFields(ctx),
        line: commandNames.request,
        progress: text.sending,
      }),
  },
  run: async (ctx, input) => {
    // The request and its notices are recorded together; the notices are delivered after the commit.
    const { outcome, announcement } = await ctx.db.transaction(async () => {
      const outcome = await requestAccess(ctx, input);
      const request = outcome.kind === "recorded" ? await findAccessRequest(ctx.db, outcome.id) : undefined;
      return { outcome, announcement: request ? await recordAnnouncement(ctx, request) : undefined };
    });
    let isReached = outcome.kind !== "held";
    if (outcome.kind === "recorded") isReached = announcement ? await deliverAnnouncement(ctx, announcement) : false;
    return requestRecorded(outcome, isReached, await administratorEmails(ctx));
  },
});
