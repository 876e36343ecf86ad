/**
 * `steward`: the CLI for administrators and operators. Exit codes: 0 done; 1 failed; 2 bad usage
 * (with a one-line reason and the usage). Commander's own error wording is replaced by ours. `run`
 * touches nothing of the process: bin/steward.js hands it the process's streams (adapters/root/main.ts), a
 * test hands it buffers.
 */
import { Command, CommanderError } from "commander";
import { echo } from "../../src/messages/format.js";
import { registerAdminCommands } from "./admin-cli.js";
import { type CliIo, columnsOf } from "./cli-io.js";
import { registerDirectoryCommands } from "./directory-cli.js";
import { registerOpsCommands } from "./ops-cli.js";
import { registerProviderCommands } from "./provider-cli.js";
import { registerRemindCommands } from "./remind-cli.js";
import { registerRotationCommands } from "./rotation-cli.js";
import { type Cli, CliExit, cliContext, printFailure } from "./runtime.js";
import { registerSecretCommands } from "./secret-cli.js";
import { registerTeamsCommands } from "./teams-cli.js";
import { registerWebhookCommands } from "./webhook-cli.js";

export function buildProgram(cli: Cli): Command {
  const { stdout, stderr } = cli.io;
  const program = new Command("steward")
    .description("Secret Steward: OAuth2 client secrets from Slack, Teams and the terminal")
    .version("0.1.0")
    .exitOverride()
    // Help and version go to this run's streams (commander's defaults are the process's); its error
    // lines are replaced by ours (see usageProblem). Our help has no colours, so none are kept.
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(text),
      outputError: () => {},
      getOutHelpWidth: () => columnsOf(stdout),
      getErrHelpWidth: () => columnsOf(stderr),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showSuggestionAfterError(true);
  registerOpsCommands(program, cli);
  registerDirectoryCommands(program, cli); // org, app, admin
  registerAdminCommands(program, cli); // grant, revoke, audit
  registerSecretCommands(program, cli);
  registerRemindCommands(program, cli);
  registerRotationCommands(program, cli);
  registerWebhookCommands(program, cli);
  registerProviderCommands(program, cli); // entra, keycloak and okta: import and sync
  registerTeamsCommands(program, cli); // Teams (issue 4): steward teams-package
  return program;
}

/** Runs the CLI with these arguments on these streams and this environment; resolves with the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  // Before `--`, --json asks for JSON, failures included (a value such as `--name --json` is rare enough).
  const end = argv.indexOf("--");
  const cli = cliContext(io, (end === -1 ? argv : argv.slice(0, end)).includes("--json"));
  const code = await runProgram(cli, argv);
  printFailure(cli, code);
  return code;
}

async function runProgram(cli: Cli, argv: string[]): Promise<number> {
  const { err } = cli;
  const program = buildProgram(cli);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CliExit) {
      if (error.showsUsage) printUsage(cli, program, argv);
      return error.code;
    }
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.exitCode === 0)
        return 0;
      // Help shown because a command group was named without its command (`steward org`): bad usage.
      if (error.code === "commander.help") return 2;
      err(`❌ ${usageProblem(error, commandPath(program, argv))}`);
      printUsage(cli, program, argv);
      return 2;
    }
    err(`❌ ${(error as Error).message}`);
    return 1;
  }
}

/** Commander's error, in our words: what was wrong and what is allowed. `path`: the command named, e.g. "steward org". */
function usageProblem(error: CommanderError, path: string): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  const option = quoted.split(" ")[0] ?? quoted;
  const guess = /Did you mean (\S+?)\?/.exec(error.message)?.[1];
  const suggestion = guess ? ` Did you mean ${guess}?` : "";
  switch (error.code) {
    case "commander.unknownCommand":
      return `${path} has no command "${echo(quoted)}".${suggestion} See ${path} --help for the commands.`;
    case "commander.unknownOption":
      return `There is no option ${echo(option)} here.${suggestion} See --help for the options.`;
    case "commander.optionMissingArgument":
      return `${option} needs a value: ${quoted}.`;
    case "commander.missingMandatoryOptionValue":
      return `${quoted} is required.`;
    case "commander.missingArgument":
      return `Give the ${quoted}.`;
    case "commander.excessArguments":
      return "Too many words: put a name with spaces in quotes.";
    default:
      return error.message.replace(/^error: /, "");
  }
}

/** The deepest (sub)command named in argv. */
function deepestCommand(program: Command, argv: string[]): Command {
  let command = program;
  for (const word of argv) {
    const next = command.commands.find((c) => c.name() === word);
    if (!next) break;
    command = next;
  }
  return command;
}

/** "steward org": the names from the program down to the deepest command named in argv. */
function commandPath(program: Command, argv: string[]): string {
  const names: string[] = [];
  for (let c: Command | null = deepestCommand(program, argv); c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** The usage line of the deepest (sub)command named in argv, and where its help is. */
function printUsage(cli: Cli, program: Command, argv: string[]): void {
  const path = commandPath(program, argv);
  cli.err(`usage: ${path} ${deepestCommand(program, argv).usage()}   (${path} --help for more)`);
}
