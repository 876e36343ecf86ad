/** `steward org|app|grant|revoke|admin|audit`: administration from the shell, as the operator. */
import type { Command } from "commander";
import { withActor } from "../../src/context.js";
import { parseGrantDays } from "../../src/grant-end.js";
import { isoInstantProblem, parseIsoInstant } from "../../src/iso-time.js";
import { auditList, granted, revoked } from "../../src/messages/admin.js";
import { isoMinute } from "../../src/messages/format.js";
import { operatorActor } from "../../src/people.js";
import { addAdministrator } from "../../src/verbs/add-administrator.js";
import { addApplication } from "../../src/verbs/add-application.js";
import { addOrganisation } from "../../src/verbs/add-organisation.js";
import { grantAccess } from "../../src/verbs/grant-access.js";
import { listAuditEntries } from "../../src/verbs/list-audit-entries.js";
import { listGrants } from "../../src/verbs/list-grants.js";
import { revokeAccess } from "../../src/verbs/revoke-access.js";
import { renderText } from "../console/render-text.js";
import { type Cli, operatorLogin } from "./runtime.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** --app or --org, exactly one. */
function targetOf(cli: Cli, opts: { app?: string; org?: string }) {
  if ((opts.app === undefined) === (opts.org === undefined)) {
    cli.usageError("Give exactly one of --app <app> or --org <organisation>.");
  }
  return opts.app !== undefined
    ? { kind: "application" as const, ref: opts.app }
    : { kind: "organisation" as const, ref: opts.org ?? "" };
}

export function registerAdminCommands(program: Command, cli: Cli): void {
  const { out, printJson, withRuntime } = cli;
  const operator = () => operatorActor(operatorLogin());

  const org = program.command("org").description("organisations");
  org
    .command("add <name>")
    .description("register an organisation")
    .option("--contact <email>", "an e-mail contact for expiry reminders (repeatable)", collect)
    .option("--json", "print the result as JSON")
    .action((name: string, opts: { contact?: string[]; json?: boolean }) =>
      withRuntime(async (rt) => {
        const row = await addOrganisation(withActor(rt, operator()), { name, contacts: opts.contact ?? [] });
        if (opts.json) printJson({ name: row.name, contacts: opts.contact ?? [] });
        else out(`✅ Organisation ${row.name} added.`);
      }),
    );

  const app = program.command("app").description("applications");
  app
    .command("add <name>")
    .description("register an application; prints its clientId")
    .requiredOption("--org <organisation>", "the organisation it belongs to")
    .option("--api <api>", "an API it may call (repeatable)", collect)
    .option("--client-id <id>", "keep an existing clientId instead of generating one")
    .option("--json", "print the result as JSON")
    .action((name: string, opts: { org: string; api?: string[]; clientId?: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const row = await addApplication(withActor(rt, operator()), {
          name,
          organisation: opts.org,
          apis: opts.api ?? [],
          clientId: opts.clientId,
        });
        if (opts.json) printJson({ name: row.name, clientId: row.clientId, apis: row.apis });
        else out(`✅ Application ${row.name} added to ${row.organisationName}.\nclientId: ${row.clientId}`);
      }),
    );

  const grant = program
    .command("grant")
    .argument("<email>", "the person's e-mail address")
    .description("give a person a role on an application or organisation (`grant list`: every grant)")
    .option("--app <app>", "the application (name or clientId)")
    .option("--org <organisation>", "the organisation (covers all its applications)")
    // Not a commander `requiredOption`: that would be demanded of `grant list` too.
    .option("--role <role>", "manager or viewer (required)")
    .option("--for <days>", "a grant that ends by itself after this many days, e.g. 30d")
    .action((email: string, opts: { app?: string; org?: string; role?: string; for?: string }) => {
      if (opts.role === undefined) cli.usageError("Give the role with --role manager or --role viewer.");
      const target = targetOf(cli, opts);
      const role = opts.role.toLowerCase();
      if (role !== "manager" && role !== "viewer") cli.usageError(`--role is manager or viewer, not "${opts.role}".`);
      const forDays = opts.for;
      return withRuntime(async (rt) => {
        const days = forDays === undefined ? undefined : parseGrantDays(forDays, rt.config.grantMaxDays);
        const outcome = await grantAccess(withActor(rt, operator()), { email, target, role: role as "manager", days });
        out(renderText(granted(outcome)));
      });
    });

  grant
    .command("list")
    .description("every grant in force, with its end when it has one")
    .option("--app <app>", "only grants that reach this application")
    .option("--org <organisation>", "only grants in this organisation")
    .option("--json", "print as JSON")
    .action((_opts: unknown, command: Command) => {
      // --app and --org are also `grant`'s own options, so commander may have given them to it.
      const opts = command.optsWithGlobals<{ app?: string; org?: string; json?: boolean }>();
      if (opts.app !== undefined && opts.org !== undefined) {
        cli.usageError("Give at most one of --app <app> or --org <organisation>.");
      }
      const target = opts.app !== undefined || opts.org !== undefined ? targetOf(cli, opts) : undefined;
      return withRuntime(async (rt) => {
        const grants = await listGrants(withActor(rt, operator()), target ? { target } : {});
        if (opts.json) {
          printJson(
            grants.map((g) => ({
              ...g,
              endsAt: g.endsAt?.toISOString() ?? null,
              createdAt: g.createdAt.toISOString(),
            })),
          );
          return;
        }
        if (grants.length === 0) return out("No grants.");
        for (const g of grants) {
          const until = g.endsAt ? `until ${isoMinute(g.endsAt)}` : "until revoked";
          out(`• ${g.email} · ${g.role} of ${g.on} ${g.target} · ${until} · granted by ${g.grantedBy}`);
        }
      });
    });

  program
    .command("revoke <email>")
    .description("remove a person's grant on an application or organisation")
    .option("--app <app>", "the application (name or clientId)")
    .option("--org <organisation>", "the organisation")
    .action((email: string, opts: { app?: string; org?: string }) => {
      const target = targetOf(cli, opts);
      return withRuntime(async (rt) => {
        const outcome = await revokeAccess(withActor(rt, operator()), { email, target });
        out(renderText(revoked(outcome.email, outcome.target, outcome.isRevoked)));
      });
    });

  program
    .command("admin")
    .description("administrators")
    .command("add <email>")
    .description("make a person an administrator")
    .action((email: string) =>
      withRuntime(async (rt) => {
        const isAdded = await addAdministrator(withActor(rt, operator()), { email });
        out(isAdded ? `✅ ${email} is now an administrator.` : `✅ ${email} already was an administrator.`);
      }),
    );

  program
    .command("audit")
    .description("audit entries, newest first")
    .option("--app <app>", "only this application")
    .option("--since <iso>", "only entries at or after this ISO 8601 date or date-time (UTC unless it says)")
    .option("--limit <n>", "at most this many entries", "100")
    .option("--json", "print as JSON")
    .action((opts: { app?: string; since?: string; limit: string; json?: boolean }) => {
      const since = opts.since === undefined ? undefined : parseIsoInstant(opts.since);
      if (since === null) cli.usageError(isoInstantProblem("--since", "2026-11-01T00:00:00Z"));
      const limit = Number(opts.limit);
      if (!/^\d+$/.test(opts.limit) || limit < 1 || limit > 10_000) {
        cli.usageError("--limit must be a whole number from 1 to 10000.");
      }
      return withRuntime(async (rt) => {
        const entries = await listAuditEntries(withActor(rt, operator()), { application: opts.app, since, limit });
        // No internal row ids: an entry is its time, who, where, what and on what.
        const json = entries.map(({ at, actor, surface, action, target, detail }) => ({
          at: at.toISOString(),
          actor,
          surface,
          action,
          target,
          detail,
        }));
        if (opts.json) printJson(json);
        else out(renderText(auditList(entries, opts.app ?? "everything")));
      });
    });
}
