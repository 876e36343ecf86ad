/** `steward secret list|create|delete`. Create and delete act as a named person (--as), never as the operator. */
import type { Command } from "commander";
import { Calendar } from "../../src/calendar.js";
import { withActor } from "../../src/context.js";
import { applicationDetail } from "../../src/messages/applications.js";
import { alreadyDeleted, secretCreated, secretDeleted } from "../../src/messages/secrets.js";
import { actorFor, operatorActor } from "../../src/people.js";
import { confirmAction } from "../../src/verbs/confirm-action.js";
import { createClientSecret } from "../../src/verbs/create-client-secret.js";
import { requestSecretDeletion } from "../../src/verbs/request-secret-deletion.js";
import { showApplication } from "../../src/verbs/show-application.js";
import { renderText } from "../console/render-text.js";
import { type Cli, operatorLogin } from "./runtime.js";

type CreateOptions = {
  app: string;
  as: string;
  name?: string;
  expires?: string;
  replacing?: string;
  retire?: string;
  json?: boolean;
};

export function registerSecretCommands(program: Command, cli: Cli): void {
  const { out, printJson, withRuntime } = cli;
  const secret = program.command("secret").description("client secrets");

  secret
    .command("list")
    .description("the secrets of an application (metadata only, never values)")
    .requiredOption("--app <app>", "the application (name or clientId)")
    .option("--json", "print as JSON")
    .action((opts: { app: string; json?: boolean }) =>
      withRuntime(async (rt) => {
        const ctx = withActor(rt, operatorActor(operatorLogin()));
        const detail = await showApplication(ctx, { application: opts.app });
        if (!opts.json) return out(renderText(applicationDetail(detail, Calendar.of(rt))));
        printJson({
          application: detail.app.name,
          clientId: detail.app.clientId,
          secrets: detail.secrets.map((s) => ({
            keyId: s.keyId,
            hint: s.hint,
            displayName: s.displayName,
            createdAt: s.createdAt.toISOString(),
            createdBy: s.createdByEmail,
            expiresAt: s.expiresAt.toISOString(),
            firstUsedAt: s.firstUsedAt?.toISOString() ?? null,
            lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
            lastUsedFrom: s.lastUsedFrom,
            usageKnown: s.usageKnown,
            isExternal: s.isExternal,
            deactivatedAt: s.deactivatedAt?.toISOString() ?? null,
            deactivatedBy: s.deactivatedBy,
          })),
          certificates: detail.certificates.map((c) => ({
            keyId: c.keyId,
            hint: c.hint,
            displayName: c.displayName,
            validFrom: c.createdAt.toISOString(),
            expiresAt: c.expiresAt.toISOString(),
          })),
        });
      }),
    );

  secret
    .command("create")
    .description("create a secret as a credential manager; prints the value once")
    .requiredOption("--app <app>", "the application (name or clientId)")
    .requiredOption("--as <email>", "the credential manager creating it")
    .option("--name <name>", 'display name (default "Secret by <name>")')
    .option("--expires <when>", "YYYY-MM-DD or a number of days like 90d (default: the maximum)")
    .option(
      "--replacing <key id>",
      "agree to end this older secret, where the provider keeps only one previous (Keycloak)",
    )
    .option("--retire <ask|auto>", "once the older secrets are idle: ask the managers (default), or delete them")
    .option("--json", "print as JSON (the value included, once)")
    .action((opts: CreateOptions) =>
      withRuntime(async (rt) => {
        const ctx = withActor(rt, await actorFor(rt, { email: opts.as, surface: "cli" }));
        const created = await createClientSecret(ctx, {
          application: opts.app,
          displayName: opts.name,
          expires: opts.expires,
          replacing: opts.replacing,
          retire: opts.retire as "ask" | "auto" | undefined,
        });
        if (!opts.json) return out(renderText(secretCreated(created)));
        printJson({ ...created, expiresAt: created.expiresAt.toISOString() });
      }),
    );

  secret
    .command("delete")
    .description("delete a secret as a credential manager; API clients using it stop at once")
    .requiredOption("--app <app>", "the application (name or clientId)")
    .requiredOption("--secret <hint or key id>", "which secret")
    .requiredOption("--as <email>", "the credential manager deleting it")
    .option("--yes", "confirm the deletion (required)")
    .option("--json", "print the result as JSON")
    .action((opts: { app: string; secret: string; as: string; yes?: boolean; json?: boolean }) => {
      if (!opts.yes) cli.usageError("Deleting stops API clients using the secret at once; add --yes to confirm.");
      return withRuntime(async (rt) => {
        const ctx = withActor(rt, await actorFor(rt, { email: opts.as, surface: "cli" }));
        const pending = await requestSecretDeletion(ctx, { application: opts.app, secret: opts.secret });
        const deleted = await confirmAction(ctx, pending.token);
        if (!opts.json)
          return out(renderText(deleted ? secretDeleted(deleted.applicationName, deleted.secret) : alreadyDeleted()));
        const secret = deleted && {
          keyId: deleted.secret.keyId,
          hint: deleted.secret.hint,
          displayName: deleted.secret.displayName,
        };
        printJson({
          application: deleted?.applicationName ?? null,
          isDeleted: deleted !== null,
          secret: secret ?? null,
        });
      });
    });
}
