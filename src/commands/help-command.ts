/** `help`: the commands this person may use, generated from the command list. */
import { z } from "zod";
import { list } from "../messages/format.js";
import { capabilityNotes } from "../messages/provider.js";
import { administratorEmails } from "../people.js";
import { capabilitiesOf, mayUse } from "../policy.js";
import { type Command, defineCommand } from "./command.js";
import { commandNames } from "./names.js";

export function helpCommand(all: () => Command[]): Command {
  return defineCommand({
    name: commandNames.help,
    usage: "help",
    summary: "the commands you may use",
    access: "anyone",
    words: { min: 0, max: 1 },
    input: z.unknown(),
    run: async (ctx) => {
      const can = await capabilitiesOf(ctx);
      const mine = all().filter((c) => !c.traits.isHidden && mayUse(can, c.access));
      const blocks = mine.map((c) => ({ type: "item" as const, text: `\`${c.usage}\` — ${c.summary}` }));
      if (!mayUse(can, "viewer")) {
        const admins = await administratorEmails(ctx);
        blocks.push({
          type: "item",
          text: `You have no access to any application yet. For access, ${admins.length > 0 ? `ask an administrator (${list(admins)})` : "ask your administrator"}.`,
        });
      }
      blocks.push({ type: "item", text: "`<app>` is an application's name or clientId." });
      // What the secret provider can do shapes create, rotate and delete: say it where those are offered.
      if (mayUse(can, "auditor")) {
        for (const note of capabilityNotes(ctx.provider)) blocks.push({ type: "item", text: note });
      }
      return { tone: "info", title: "Secret Steward — your commands", blocks, isPrivate: true };
    },
  });
}
