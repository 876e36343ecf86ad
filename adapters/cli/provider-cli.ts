/**
 * `steward entra|keycloak|okta import|sync`: the applications registered at the secret provider and
 * their secrets, as the operator. The same two commands for each provider; each needs that provider to
 * be the one SECRET_PROVIDER names, so an import never reads the wrong registry.
 */
import type { Command } from "commander";
import type { ProviderName } from "../../db/vocabulary.js";
import { withActor } from "../../src/context.js";
import { importReport, syncReport } from "../../src/messages/provider-sync.js";
import { operatorActor } from "../../src/people.js";
import { importApplications } from "../../src/verbs/import-applications.js";
import { syncClientSecrets } from "../../src/verbs/sync-client-secrets.js";
import { renderText } from "../console/render-text.js";
import type { Runtime } from "../root/runtime.js";
import { type Cli, CliExit, operatorLogin } from "./runtime.js";

type ProviderCli = {
  name: Exclude<ProviderName, "builtin">;
  /** The provider, its applications' name and what import registers, for --help. */
  description: string;
  /** The --filter option's argument and help. */
  filter: { flag: string; help: string };
};

const providerClis: ProviderCli[] = [
  {
    name: "entra",
    description:
      "Microsoft Entra ID (SECRET_PROVIDER=entra): import app registrations, sync their secrets and certificates",
    filter: { flag: "--filter <odata>", help: "an OData filter, e.g. \"startswith(displayName,'Partner-NL-')\"" },
  },
  {
    name: "keycloak",
    description: "Keycloak (SECRET_PROVIDER=keycloak): import a realm's confidential clients, sync their secrets",
    filter: {
      flag: "--filter <prefix>",
      help: 'import only clients whose clientId starts with it, e.g. "partner-nl-"',
    },
  },
  {
    name: "okta",
    description: "Okta (SECRET_PROVIDER=okta): import OIDC apps, sync their client secrets",
    filter: { flag: "--filter <expression>", help: "Okta's apps filter, e.g. 'status eq \"ACTIVE\"'" },
  },
];

/** Stops with a one-line reason when the command's provider is not the one configured. */
function requireProvider({ err }: Cli, rt: Runtime, name: ProviderName): void {
  if (rt.config.secretProvider === name) return;
  err(
    `❌ steward ${name} needs SECRET_PROVIDER=${name} (it is ${rt.config.secretProvider}). Set it and the ${name} variables, see README.md.`,
  );
  throw new CliExit(1);
}

export function registerProviderCommands(program: Command, cli: Cli): void {
  const { out, printJson, withRuntime } = cli;
  const operator = () => operatorActor(operatorLogin());
  for (const spec of providerClis) {
    const command = program.command(spec.name).description(spec.description);
    command
      .command("import")
      .description(
        "register the provider's applications as applications of an organisation, with their existing secrets",
      )
      .requiredOption("--org <organisation>", "the organisation they belong to")
      .option(spec.filter.flag, spec.filter.help)
      .option("--json", "print the result as JSON")
      .action((opts: { org: string; filter?: string; json?: boolean }) =>
        withRuntime(async (rt) => {
          requireProvider(cli, rt, spec.name);
          const input = { organisation: opts.org, filter: opts.filter };
          const outcome = await importApplications(withActor(rt, operator()), input);
          if (opts.json) printJson(outcome);
          else out(renderText(importReport(outcome)));
        }),
      );
    command
      .command("sync")
      .description("reconcile every application's secrets with those created, changed or deleted outside the bot")
      .option("--json", "print the result as JSON")
      .action((opts: { json?: boolean }) =>
        withRuntime(async (rt) => {
          requireProvider(cli, rt, spec.name);
          const outcome = await syncClientSecrets(withActor(rt, operator()));
          if (opts.json) printJson(outcome);
          else out(renderText(syncReport(outcome)));
        }),
      );
  }
}
