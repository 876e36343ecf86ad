/** `steward org|app|admin`: organisations, applications and administrators from the shell, as the operator. */
import type { Command } from "commander";
import { Calendar } from "../../src/calendar.js";
import { withActor } from "../../src/context.js";
import { plural } from "../../src/messages/format.js";
import { operatorActor } from "../../src/people.js";
import { addAdministrator } from "../../src/verbs/add-administrator.js";
import { addApplication } from "../../src/verbs/add-application.js";
import { addOrganisation } from "../../src/verbs/add-organisation.js";
import { findOrganisation } from "../../src/verbs/find-organisation.js";
import { listAdministrators } from "../../src/verbs/list-administrators.js";
import { listApplications } from "../../src/verbs/list-applications.js";
import { listOrganisations } from "../../src/verbs/list-organisations.js";
import { removeAdministrator } from "../../src/verbs/remove-administrator.js";
import { type Cli, operatorLogin } from "./runtime.js";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerDirectoryCommands(program: Command, cli: Cli): void {
  registerOrganisations(program, cli);
  registerApplications(program, cli);
  registerAdministrators(program, cli);
}

const operator = () => operatorActor(operatorLogin());

function registerOrganisations(program: Command, { out, printJson, withRuntime }: Cli): void {
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
  org
    .command("list")
    .description("every organisation, with its contacts and number of applications")
    .option("--json", "print as JSON")
    .action((opts: { json?: boolean }) =>
      withRuntime(async (rt) => {
        const orgs = await listOrganisations(withActor(rt, operator()));
        if (opts.json) return printJson(orgs.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })));
        if (orgs.length === 0) return out('No organisations yet. Add one with `steward org add "<name>"`.');
        for (const o of orgs) {
          const contacts = o.contacts.length > 0 ? ` · contacts ${o.contacts.join(", ")}` : "";
          out(`• ${o.name} · ${plural(o.applications, "application")}${contacts}`);
        }
      }),
    );
}

function registerApplications(program: Command, { out, printJson, withRuntime }: Cli): void {
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
  app
    .command("list")
    .description("every application, with its clientId, APIs, unexpired secrets and nearest expiry")
    .option("--org <organisation>", "only this organisation's applications")
    .option("--json", "print as JSON")
    .action((opts: { org?: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const ctx = withActor(rt, operator());
        const org = opts.org === undefined ? undefined : await findOrganisation(rt.db, opts.org, "cli");
        const apps = (await listApplications(ctx)).filter((a) => !org || a.organisationId === org.id);
        if (opts.json) {
          return printJson(
            apps.map((a) => ({
              name: a.name,
              organisation: a.organisationName,
              clientId: a.clientId,
              apis: a.apis,
              provider: a.provider,
              activeSecrets: a.activeSecrets,
              nearestExpiry: a.nearestExpiry?.toISOString() ?? null,
            })),
          );
        }
        if (apps.length === 0) {
          const where = org ? ` in ${org.name}` : "";
          return out(`No applications${where} yet. Add one with \`steward app add <name> --org <organisation>\`.`);
        }
        const calendar = Calendar.of(rt);
        for (const a of apps) {
          const nearest = a.nearestExpiry
            ? `nearest expiry ${calendar.dateOf(a.nearestExpiry)}`
            : "no unexpired secret";
          const apis = a.apis.length > 0 ? a.apis.join(", ") : "no APIs";
          out(
            `• ${a.name} · ${a.organisationName} · clientId ${a.clientId} · ${apis} · ${plural(a.activeSecrets, "unexpired secret")} · ${nearest}`,
          );
        }
      }),
    );
}

function registerAdministrators(program: Command, { out, printJson, withRuntime }: Cli): void {
  const admin = program.command("admin").description("administrators");
  admin
    .command("add <email>")
    .description("make a person an administrator")
    .option("--json", "print the result as JSON")
    .action((email: string, opts: { json?: boolean }) =>
      withRuntime(async (rt) => {
        const isAdded = await addAdministrator(withActor(rt, operator()), { email });
        if (opts.json) return printJson({ email: email.trim().toLowerCase(), isAdded });
        out(isAdded ? `✅ ${email} is now an administrator.` : `✅ ${email} already was an administrator.`);
      }),
    );
  admin
    .command("list")
    .description("every administrator: those in ADMIN_EMAILS and those added with `steward admin add`")
    .option("--json", "print as JSON")
    .action((opts: { json?: boolean }) =>
      withRuntime(async (rt) => {
        const admins = await listAdministrators(withActor(rt, operator()));
        if (opts.json) return printJson(admins.map((a) => ({ ...a, addedAt: a.addedAt?.toISOString() ?? null })));
        if (admins.length === 0) return out("No administrators yet. Add one with `steward admin add <email>`.");
        for (const a of admins) {
          const why =
            a.source === "ADMIN_EMAILS"
              ? "from ADMIN_EMAILS"
              : `added by ${a.addedBy}${a.addedAt ? ` on ${Calendar.of(rt).dateOf(a.addedAt)}` : ""}`;
          out(`• ${a.email} · ${why}`);
        }
      }),
    );
  admin
    .command("remove <email>")
    .description("end a person's administrator role (one added with `steward admin add`)")
    .option("--json", "print the result as JSON")
    .action((email: string, opts: { json?: boolean }) =>
      withRuntime(async (rt) => {
        const outcome = await removeAdministrator(withActor(rt, operator()), { email });
        if (opts.json) return printJson({ email: email.trim().toLowerCase(), isRemoved: outcome === "removed" });
        out(
          outcome === "removed"
            ? `✅ ${email} is no longer an administrator.`
            : `✅ Nothing to remove: ${email} is not an administrator.`,
        );
      }),
    );
}
