/**
 * The chat commands in a terminal. On a TTY it prompts; otherwise it reads one command per line from
 * stdin, so it can be scripted (a confirmation then takes the next line as its answer).
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { errorText } from "../../src/commands/chat-error.js";
import type { CommandEnv } from "../../src/commands/command.js";
import { runCommand } from "../../src/commands/run-command.js";
import { type Deps, withActor } from "../../src/context.js";
import { visible } from "../../src/messages/markup.js";
import { actorFor } from "../../src/people.js";
import { createDemo, DEMO_ORGANISATION, demoCreated, isDatabaseEmpty } from "./demo.js";
import { fillForm } from "./fill-form.js";
import { renderText } from "./render-text.js";

/**
 * The console offers no optional forms (`create <app>` creates with the defaults), asks a form's fields
 * where a command is only done through one (`request` alone), and may show a new secret's value: it is
 * the person's own terminal.
 */
const CONSOLE: CommandEnv = { surface: "console", canShowForms: false, canRevealSecrets: true };

export type ConsoleOptions = { email: string; input: Readable; output: Writable; isTTY: boolean };

const isYes = (answer: string | null) => answer !== null && /^(y|yes)$/i.test(answer.trim());

/** How a console session went: how many commands it ran, and how many of them failed (❌). */
export type ConsoleOutcome = { commands: number; failed: number };

export async function runConsole(deps: Deps, options: ConsoleOptions): Promise<ConsoleOutcome> {
  const outcome: ConsoleOutcome = { commands: 0, failed: 0 };
  /** Counts one command's final reply; a refusal or failure (❌) makes a scripted run exit 1. */
  const count = (hasFailed: boolean) => {
    outcome.commands++;
    if (hasFailed) outcome.failed++;
  };
  const { output, isTTY } = options;
  let actor = await actorFor(deps, { email: options.email, surface: "console" });
  let ctx = withActor(deps, actor);
  const rl = createInterface({ input: options.input, output: isTTY ? output : undefined, terminal: isTTY });
  const lines = rl[Symbol.asyncIterator]();
  const say = (text: string): void => {
    output.write(`${visible(text)}\n`);
  };
  const ask = async (question: string): Promise<string | null> => {
    output.write(question);
    const next = await lines.next();
    if (!isTTY && !next.done) output.write(`${next.value}\n`);
    return next.done ? null : next.value;
  };

  say(
    `Secret Steward console — you are ${actor.email}${actor.isAdmin ? " (administrator)" : ""}. Type help, or exit to leave.`,
  );
  if (await isDatabaseEmpty(deps)) {
    if (
      isTTY &&
      isYes(
        (await ask(
          `The database is empty. Create the demo organisation ${DEMO_ORGANISATION}, with you as its credential manager and an administrator? [y/N] `,
        )) ?? "n",
      )
    ) {
      await demo();
    } else if (!isTTY) {
      say("The database is empty: type `demo` to create a demo organisation to try everything on.");
    }
  }

  async function demo(): Promise<void> {
    if (!(await isDatabaseEmpty(deps))) {
      say("❌ The demo is only offered on an empty database.");
      return count(true);
    }
    try {
      const apps = await createDemo(deps, actor);
      // The demo made this person an administrator: act as one from the next line on.
      actor = await actorFor(deps, { email: actor.email, surface: "console" });
      ctx = withActor(deps, actor);
      say(demoCreated(DEMO_ORGANISATION, apps));
      count(false);
    } catch (error) {
      say(errorText(error, deps.log));
      count(true);
    }
  }

  while (true) {
    const line = await ask(isTTY ? "steward> " : "");
    if (line === null) break;
    const trimmed = line.trim();
    if (trimmed === "") continue;
    if (/^(exit|quit)$/i.test(trimmed)) break;
    if (/^demo$/i.test(trimmed)) {
      await demo();
      continue;
    }
    let reply = await runCommand(ctx, trimmed, CONSOLE);
    say(renderText(reply));
    if (reply.form) {
      const answered = await fillForm({ ask, say, isTTY }, ctx, { ...reply, form: reply.form }, CONSOLE);
      if (!answered) {
        count(false);
        continue;
      }
      reply = answered;
      say(renderText(reply));
    }
    if (reply.confirmation) {
      const { yes, no } = reply.confirmation;
      const answer = await ask(`${yes.label}? Type y to confirm, anything else to cancel: `);
      reply = await runCommand(ctx, isYes(answer) ? yes.command : no.command, CONSOLE);
      say(renderText(reply));
    }
    count(reply.tone === "error");
  }
  rl.close();
  return outcome;
}
