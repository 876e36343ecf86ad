/** `steward entra import|sync`: Microsoft Entra ID app registrations and their secrets, as the operator. */
import type { Command } from "commander";
import { withActor } from "../../src/context.js";
import { importReport, syncReport } from "../../src/messages/provider-sync.js";
import { operatorActor } from "../../src/people.js";
import { importApplications } from "../../src/verbs/import-applications.js";
import { syncClientSecrets } from "../../src/verbs/sync-client-secrets.js";
import { renderText } from "../console/render-text.js";
import { operatorLogin, out, printJson, withRuntime } from "./runtime.js";

export function registerEntraCommands(program: Command): void {
  const operator = () => operatorActor(operatorLogin());
  const entra = program
    .command("entra")
    .description("Microsoft Entra ID (SECRET_PROVIDER=entra): import app registrations, sync their secrets");

  entra
    .command("import")
    .description("register app registrations as applications of an organisation, with their existing secrets")
    .requiredOption("--org <organisation>", "the organisation they belong to")
    .option("--filter <odata>", "an OData filter, e.g. \"startswith(displayName,'Partner-NL-')\"")
    .option("--json", "print the result as JSON")
    .action((opts: { org: string; filter?: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const outcome = await importApplications(withActor(rt, operator()), {
          organisation: opts.org,
          filter: opts.filter,
        });
        if (opts.json) printJson(outcome);
        else out(renderText(importReport(outcome)));
      }),
    );

  entra
    .command("sync")
    .description("reconcile the secrets of every Entra application with those created or deleted outside the bot")
    .option("--json", "print the result as JSON")
    .action((opts: { json?: boolean }) =>
      withRuntime(async (rt) => {
        const outcome = await syncClientSecrets(withActor(rt, operator()));
        if (opts.json) printJson(outcome);
        else out(renderText(syncReport(outcome)));
      }),
    );
}
