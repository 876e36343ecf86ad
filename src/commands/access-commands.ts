/** `request`, `requests`, `approve`, `deny`: access asked for in chat and decided where the deciders are. */
import { z } from "zod";
import type { Ctx } from "../context.js";
import { parseGrantDays } from "../grant-end.js";
import { errors } from "../messages/errors.js";
import { decisionTaken, openRequestsList, requestRecorded } from "../messages/requests.js";
import { announceRequest, settleRequest } from "../notices/request-notices.js";
import { administratorEmails } from "../people.js";
import { decideAccessRequest, listOpenRequests } from "../verbs/decide-access-request.js";
import { findAccessRequest } from "../verbs/find-access-requests.js";
import { requestAccess } from "../verbs/request-access.js";
import { defineCommand } from "./command.js";
import { commandNames } from "./names.js";
import { words } from "./words.js";

const days = (ctx: Ctx, raw: string | undefined) =>
  raw === undefined ? undefined : parseGrantDays(raw, ctx.config.grantMaxDays);

export const requestCommand = defineCommand({
  name: commandNames.request,
  usage: 'request <app or organisation> manager|viewer [--for <days>d] [--reason "…"]',
  summary: "asks for access; the people who can decide are told and you hear the outcome here",
  access: "anyone",
  options: { for: { type: "string" }, reason: { type: "string" } },
  words: { min: 2, max: 2 },
  input: z
    .object({
      positionals: z.tuple([words.target, words.role]),
      values: z.object({ for: z.string().optional(), reason: z.string().optional() }),
    })
    .transform(({ positionals: [target, role], values }) => ({
      target,
      role,
      forDays: values.for,
      reason: values.reason,
    })),
  run: async (ctx, { forDays, ...input }) => {
    const outcome = await requestAccess(ctx, { ...input, days: days(ctx, forDays) });
    let isReached = outcome.kind !== "held";
    if (outcome.kind === "recorded") {
      const request = await findAccessRequest(ctx.db, outcome.id);
      isReached = request ? await announceRequest(ctx, request) : false;
    }
    return requestRecorded(outcome, isReached, await administratorEmails(ctx));
  },
});

export const requestsCommand = defineCommand({
  name: commandNames.requests,
  usage: "requests",
  summary: "the open access requests you may decide",
  access: "decider",
  words: { min: 0, max: 0 },
  input: z.unknown(),
  run: async (ctx) => openRequestsList(await listOpenRequests(ctx)),
});

const decision = (isApproved: boolean) => async (ctx: Ctx, input: { id: number; days?: number; reason?: string }) => {
  const { request, endsAt } = await decideAccessRequest(ctx, { ...input, isApproved });
  await settleRequest(ctx, request, endsAt);
  return decisionTaken(request, endsAt);
};

export const approveCommand = defineCommand({
  name: commandNames.approve,
  usage: "approve <request id> [--for <days>d]",
  summary: "grants what a request asks for (for as long as it asks, or --for)",
  access: "decider",
  traits: { answersConfirmation: true },
  options: { for: { type: "string" } },
  words: { min: 1, max: 1 },
  input: z
    .object({ positionals: z.tuple([words.requestId]), values: z.object({ for: z.string().optional() }) })
    .transform(({ positionals: [id], values }) => ({ id, forDays: values.for })),
  run: async (ctx, { id, forDays }) => decision(true)(ctx, { id, days: days(ctx, forDays) }),
});

export const denyCommand = defineCommand({
  name: commandNames.deny,
  usage: 'deny <request id> [--reason "…"]',
  summary: "turns a request down, with the reason the person is told",
  access: "decider",
  traits: { answersConfirmation: true },
  options: { reason: { type: "string" } },
  words: { min: 1, max: 1 },
  input: z
    .object({
      positionals: z.tuple([words.requestId]),
      values: z.object({ reason: z.string().max(500, errors.reasonTooLong).optional() }),
    })
    .transform(({ positionals: [id], values }) => ({ id, reason: values.reason?.trim() || undefined })),
  run: (ctx, input) => decision(false)(ctx, input),
});
