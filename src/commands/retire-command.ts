/**
 * `retire <app> <key id>`: the Delete button under the bot's question about an idle older secret
 * (hidden: only buttons run it). It runs as whoever clicks: their manager grant is checked now, and the
 * evidence is read again in the transaction that deletes (src/verbs/retire-older-secrets.ts).
 */
import { z } from "zod";
import { AppError } from "../errors.js";
import { retireAnswers } from "../messages/retire.js";
import { authoriseApplication } from "../policy.js";
import { retireOlderSecrets } from "../verbs/retire-older-secrets.js";
import { defineCommand } from "./command.js";
import { commandNames } from "./names.js";
import { words } from "./words.js";

export const retireCommand = defineCommand({
  name: commandNames.retire,
  usage: "retire <app> <key id>",
  summary: "deletes an idle older secret of a rotation, if the evidence still says it is idle",
  access: "manager",
  traits: { isHidden: true, answersConfirmation: true, changesSecrets: true },
  words: { min: 2, max: 2 },
  input: z
    .object({ positionals: z.tuple([words.application, words.secret]) })
    .transform(({ positionals: [application, keyId] }) => ({ application, keyId })),
  run: async (ctx, input) => {
    const { app } = await authoriseApplication(ctx, input.application, "manage");
    const outcome = await retireOlderSecrets(ctx, app, { keyIds: [input.keyId] });
    const hours = ctx.config.rotationIdleHours;
    switch (outcome.kind) {
      case "retired":
        return retireAnswers.retired(app.name, outcome.retired);
      case "gone":
        return retireAnswers.alreadyDone();
      case "in-use":
        throw new AppError("CONFLICT", retireAnswers.inUse(outcome.secret, outcome.rotation, hours, ctx.clock.now()));
      case "waiting":
        throw new AppError("CONFLICT", retireAnswers.waiting(outcome.secret));
      case "unknown":
        throw new AppError("CONFLICT", retireAnswers.unknown(ctx.provider.label, app.name, outcome.secret));
      case "not-older":
        throw new AppError("CONFLICT", retireAnswers.notOlder(app.name));
      case "last":
        throw new AppError("CONFLICT", retireAnswers.last(outcome.secret, app.name));
    }
  },
});
