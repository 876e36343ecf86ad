/**
 * `steward`: the CLI for administrators and operators. Exit codes: 0 done; 1 failed; 2 bad usage
 * (with a one-line reason and the usage).
 */
import { Command, CommanderError } from "commander";
import { registerAdminCommands } from "./admin-cli.js";
import { registerOpsCommands } from "./ops-cli.js";
import { registerProviderCommands } from "./provider-cli.js";
import { registerRemindCommands } from "./remind-cli.js";
import { CliExit, err } from "./runtime.js";
import { registerSecretCommands } from "./secret-cli.js";
import { registerTeamsCommands } from "./teams-cli.js";

export function buildProgram(): Command {
  const program = new Command("steward")
    .description("Secret Steward: OAuth2 client secrets from Slack, Teams and the terminal")
    .version("0.1.0")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showSuggestionAfterError(true);
  registerOpsCommands(program);
  registerAdminCommands(program);
  registerSecretCommands(program);
  registerRemindCommands(program);
  registerProviderCommands(program); // entra, keycloak and okta: import and sync
  registerTeamsCommands(program); // Teams (issue 4): steward teams-package
  return program;
}

/** Runs the CLI with these arguments; resolves with the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0)
        return 0;
      const usage = usageFor(program, argv);
      if (usage) err(`usage: ${usage}`);
      return 2;
    }
    err(`❌ ${(error as Error).message}`);
    return 1;
  }
}

/** The usage line of the deepest (sub)command named in argv. */
function usageFor(program: Command, argv: string[]): string | undefined {
  let command = program;
  for (const word of argv) {
    const next = command.commands.find((c) => c.name() === word);
    if (!next) break;
    command = next;
  }
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return `${names.join(" ")} ${command.usage()}`;
}
