/**
 * A command (or a submitted form) run inside a span and counted once, by surface, command name and
 * outcome (`ok`, or the error's code): the names come from the registry, never from what was typed.
 */
import type { Ctx, Surface } from "../context.js";
import { outcomeOf } from "../outcome.js";
import type { Reply } from "../reply.js";
import { errorReply } from "./chat-error.js";

/** Runs `work` as command `name` typed on `surface`; an error becomes its reply. Never throws. */
export async function observed(ctx: Ctx, surface: Surface, name: string, work: () => Promise<Reply>): Promise<Reply> {
  const attributes = { "steward.surface": surface, "steward.command": name };
  try {
    const reply = await ctx.tracer.span(`command ${name}`, attributes, work);
    ctx.metrics.command(surface, name, "ok");
    return reply;
  } catch (error) {
    ctx.metrics.command(surface, name, outcomeOf(error));
    return errorReply(error, ctx.log);
  }
}
