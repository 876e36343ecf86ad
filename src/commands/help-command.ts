/** `help`: the commands this person may use, generated from the command list. */
import { eq } from "drizzle-orm";
import { administratorEmails } from "../access.js";
import type { Ctx } from "../context.js";
import { list } from "../messages/format.js";
import type { Capabilities, Command } from "./command.js";

export async function capabilitiesOf(ctx: Ctx): Promise<Capabilities> {
  const { accessGrants } = ctx.db.t;
  const grants =
    ctx.actor.personId === null
      ? []
      : await ctx.db.select().from(accessGrants).where(eq(accessGrants.personId, ctx.actor.personId));
  return {
    hasGrant: grants.length > 0,
    isManager: grants.some((g) => g.role === "manager"),
    isOrgManager: grants.some((g) => g.role === "manager" && g.organisationId !== null),
    isAdmin: ctx.actor.isAdmin,
  };
}

export function helpCommand(all: () => Command[]): Command {
  return {
    name: "help",
    usage: "help",
    summary: "the commands you may use",
    isVisibleTo: () => true,
    args: { min: 0, max: 1 },
    run: async (ctx) => {
      const can = await capabilitiesOf(ctx);
      const mine = all().filter((c) => !c.isHidden && c.isVisibleTo(can));
      const blocks = mine.map((c) => ({ type: "item" as const, text: `\`${c.usage}\` — ${c.summary}` }));
      if (!can.hasGrant && !can.isAdmin) {
        const admins = await administratorEmails(ctx);
        blocks.push({
          type: "item",
          text: `You have no access to any application yet. For access, ${admins.length > 0 ? `ask an administrator (${list(admins)})` : "ask your administrator"}.`,
        });
      }
      blocks.push({ type: "item", text: "`<app>` is an application's name or clientId." });
      return { tone: "info", title: "Secret Steward — your commands", blocks, isPrivate: true };
    },
  };
}
