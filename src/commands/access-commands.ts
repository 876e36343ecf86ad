/** `requests`, `approve`, `deny`: access asked for in chat (request-command.ts) and decided where the deciders are. */
import { z } from "zod";
import type { Ctx } from "../context.js";
import { parseGrantDays } from "../grant-end.js";
import { errors } from "../messages/errors.js";
import { decisionTaken, openRequestsList } from "../messages/requests.js";
import { recordOutcome, settleRequest } from "../notices/request-notices.js";
import { decideAccessRequest, listOpenRequests } from "../verbs/decide-access-request.js";
import { defineCommand } from "./command.js";
import { commandNames } from "./names.js";
import { words } from "./words.js";

const days = (ctx: Ctx, raw: string | undefined) =>
  raw === undefined ? undefined : parseGrantDays(raw, ctx.config.grantMaxDays);

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
  // The decision and the requester's notice are recorded together; the notice goes out after the commit.
  const { request, endsAt, ids } = await ctx.db.transaction(async () => {
    const decided = await decideAccessRequest(ctx, { ...input, isApproved });
    return { ...decided, ids: await recordOutcome(ctx, decided.request, decided.endsAt) };
  });
  await settleRequest(ctx, request, endsAt, ids);
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
