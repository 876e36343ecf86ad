/** `steward grant|revoke|audit`: access grants and the audit log from the shell, as the operator. */
import type { Command } from "commander";
import { withActor } from "../../src/context.js";
import { parseGrantDays } from "../../src/grant-end.js";
import { isoInstantProblem, parseIsoInstant } from "../../src/iso-time.js";
import { auditList, granted, revoked } from "../../src/messages/admin.js";
import { echo, isoMinute } from "../../src/messages/format.js";
import { operatorActor } from "../../src/people.js";
import { grantAccess } from "../../src/verbs/grant-access.js";
import { listAuditEntries } from "../../src/verbs/list-audit-entries.js";
import { listGrants } from "../../src/verbs/list-grants.js";
import { revokeAccess } from "../../src/verbs/revoke-access.js";
import { renderText } from "../console/render-text.js";
import { type Cli, operatorLogin } from "./runtime.js";

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

  const grant = program
    .command("grant")
    .argument("<email>", "the person's e-mail address")
    .description("give a person a role on an application or organisation (`grant list`: every grant)")
    .option("--app <app>", "the application (name or clientId)")
    .option("--org <organisation>", "the organisation (covers all its applications)")
    // Not a commander `requiredOption`: that would be demanded of `grant list` too.
    .option("--role <role>", "manager or viewer (required)")
    .option("--for <days>", "a grant that ends by itself after this many days, e.g. 30d")
    .option("--json", "print the result as JSON")
    .action((email: string, opts: { app?: string; org?: string; role?: string; for?: string; json?: boolean }) => {
      if (opts.role === undefined) cli.usageError("Give the role with --role manager or --role viewer.");
      const target = targetOf(cli, opts);
      const role = opts.role.toLowerCase();
      if (role !== "manager" && role !== "viewer")
        cli.usageError(`--role is manager or viewer, not "${echo(opts.role)}".`);
      const forDays = opts.for;
      return withRuntime(async (rt) => {
        const days = forDays === undefined ? undefined : parseGrantDays(forDays, rt.config.grantMaxDays);
        const outcome = await grantAccess(withActor(rt, operator()), { email, target, role: role as "manager", days });
        if (!opts.json) return out(renderText(granted(outcome)));
        printJson({
          email: outcome.email,
          role: outcome.role,
          on: outcome.target.kind,
          target: outcome.target.name,
          endsAt: outcome.endsAt?.toISOString() ?? null,
          change: outcome.change,
        });
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
    .option("--json", "print the result as JSON")
    .action((email: string, opts: { app?: string; org?: string; json?: boolean }) => {
      const target = targetOf(cli, opts);
      return withRuntime(async (rt) => {
        const outcome = await revokeAccess(withActor(rt, operator()), { email, target });
        if (!opts.json) return out(renderText(revoked(outcome.email, outcome.target, outcome.isRevoked)));
        const { kind: on, name } = outcome.target;
        printJson({ email: outcome.email, on, target: name, isRevoked: outcome.isRevoked });
      });
    });

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
        else out(renderText(auditList(entries, opts.app)));
      });
    });
}
