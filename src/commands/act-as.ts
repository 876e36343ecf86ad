/**
 * How every chat surface acts for a person: the adapter says how to find who they are (from their
 * Slack user id, their Teams AAD object id), then the work runs as them. Not finding them — no e-mail in
 * Teams, the directory not answering — or the work failing unexpectedly is an answer in our words,
 * never an exception for the adapter to catch.
 */
import type { Actor, Ctx, Deps } from "../context.js";
import type { Reply } from "../reply.js";
import { errorReply } from "./chat-error.js";

export type Acting<T> = { ctx: Ctx; result: T } | { refusal: Reply };

export async function actAs<T>(
  deps: Deps,
  findActor: () => Promise<Actor>,
  work: (ctx: Ctx) => Promise<T>,
): Promise<Acting<T>> {
  try {
    const ctx: Ctx = { ...deps, actor: await findActor() };
    return { ctx, result: await work(ctx) };
  } catch (error) {
    return { refusal: errorReply(error, deps.log) };
  }
}
