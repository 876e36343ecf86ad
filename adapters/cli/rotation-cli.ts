/** `steward rotation list`: where each application's rotation stands, as of now or `--now`. */
import type { Command } from "commander";
import { Calendar } from "../../src/calendar.js";
import { withActor } from "../../src/context.js";
import { isoInstantProblem, parseIsoInstant } from "../../src/iso-time.js";
import { plainText } from "../../src/messages/markup.js";
import { providerLabels } from "../../src/messages/provider.js";
import { rotationJson, rotationLine } from "../../src/messages/rotations.js";
import { operatorActor } from "../../src/people.js";
import { listRotations } from "../../src/verbs/rotations.js";
import { type Cli, operatorLogin } from "./runtime.js";

type ListOptions = { app?: string; now?: string; json?: boolean };

export function registerRotationCommands(program: Command, cli: Cli): void {
  const rotation = program.command("rotation").description("rotations: which secret each system uses");
  rotation
    .command("list")
    .description("the latest rotation of each application, read from the evidence of use")
    .option("--app <app>", "only this application (name or clientId)")
    .option("--now <iso>", "as of this ISO 8601 date or date-time (UTC unless it says)")
    .option("--json", "print as JSON")
    .action((opts: ListOptions) => {
      const at = opts.now === undefined ? undefined : parseIsoInstant(opts.now);
      if (at === null) cli.usageError(isoInstantProblem("--now", "2027-03-01T09:00:00Z"));
      return cli.withRuntime(async (rt) => {
        const now = at ?? rt.clock.now();
        const ctx = withActor(rt, operatorActor(operatorLogin()));
        const rotations = await listRotations(ctx, { ...(opts.app ? { application: opts.app } : {}), now });
        if (opts.json) return cli.printJson({ at: now.toISOString(), rotations: rotations.map(rotationJson) });
        if (rotations.length === 0) return cli.out("No rotations: no secret has taken over from another yet.");
        const calendar = new Calendar(now, rt.config.reminderTimezone);
        for (const r of rotations) {
          const line = rotationLine(r, calendar, rt.config.rotationIdleHours, providerLabels[r.application.provider]);
          cli.out(`${r.application.name} (${r.application.clientId}): ${plainText(line)}`);
        }
      });
    });
}
