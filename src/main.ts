/**
 * The composition root: the only module that knows every adapter. Builds the dependencies from the
 * configuration, serves HTTP, and stops cleanly.
 */
import type { AddressInfo } from "node:net";
import type { Writable } from "node:stream";
import { PrintingMailer } from "../adapters/email/printing-mailer.js";
import { renderMail } from "../adapters/email/render-mail.js";
import { SmtpMailer } from "../adapters/email/smtp-mailer.js";
import { jwksRoute, metadataRoute } from "../adapters/http/discovery-routes.js";
import { FailureLimiter } from "../adapters/http/failure-limiter.js";
import { healthRoute, readyRoute } from "../adapters/http/health-routes.js";
import { HttpServer } from "../adapters/http/server.js";
import { tokenRoute } from "../adapters/http/token-route.js";
import { BuiltinSecretProvider } from "../adapters/providers/builtin/builtin-provider.js";
import { LastUsedRecorder } from "../adapters/providers/builtin/last-used.js";
import { loadPepper } from "../adapters/providers/builtin/pepper.js";
import { loadSigningKey } from "../adapters/providers/builtin/signing-keys.js";
import { TokenService } from "../adapters/providers/builtin/token-service.js";
import { EntraSecretProvider } from "../adapters/providers/entra/entra-provider.js";
import { SlackAlertNotifier } from "../adapters/slack/alert-notifier.js";
import { slackMessage } from "../adapters/slack/render-blocks.js";
import { type SlackService, startSlack } from "../adapters/slack/slack-app.js";
import { teamsAlertNotifier } from "../adapters/teams/alert-notifier.js";
import { TEAMS_PATH, type TeamsEndpoints } from "../adapters/teams/endpoints.js";
import type { TeamsService } from "../adapters/teams/teams-app.js";
import { openDatabase } from "../db/open.js";
import type { Config } from "./config.js";
import type { Deps } from "./context.js";
import type { DeliveryDeps } from "./jobs/deliver-reminders.js";
import type { PassOptions } from "./jobs/reminder-pass.js";
import type { Logger } from "./log.js";
import type { ChatNotifier } from "./ports/chat-notifier.js";
import { type Clock, systemClock } from "./ports/clock.js";
import type { SecretProvider } from "./ports/secret-provider.js";
import { syncClientSecretsQuietly } from "./verbs/sync-client-secrets.js";

export type Runtime = Deps & { pepper: Buffer; close(): Promise<void> };

/** Opens and migrates the database and builds the secret provider. */
export async function openRuntime(config: Config, log: Logger, clock: Clock = systemClock): Promise<Runtime> {
  const db = await openDatabase(config, {
    onConnectionError: (error) => log.warn({ err: error }, "a database connection failed; it will be replaced"),
  });
  const pepper = loadPepper(config.pepper, config.databasePath);
  const provider: SecretProvider =
    config.secretProvider === "entra" && config.entra
      ? new EntraSecretProvider({ ...config.entra, clock, log })
      : new BuiltinSecretProvider(pepper);
  return { db, clock, config, provider, log, pepper, close: () => db.close() };
}

export type Server = {
  http: HttpServer;
  address: AddressInfo;
  lastUsed: LastUsedRecorder;
  slack?: SlackService;
  teams?: TeamsService;
  stop(): Promise<void>;
};

/** Teams (issue 4): the identity platform and Bot Framework endpoints, overridable for tests. */
export type ServerOptions = { teams?: TeamsEndpoints };

/** Serves every HTTP endpoint on the one listener. */
export async function startServer(runtime: Runtime, options: ServerOptions = {}): Promise<Server> {
  const { db, config, log, clock, pepper } = runtime;
  const lastUsed = new LastUsedRecorder(db, log);
  const tokens = new TokenService(
    db,
    pepper,
    await loadSigningKey(db, pepper),
    clock,
    lastUsed,
    config.publicUrl,
    config.tokenTtlSeconds,
  );
  const http = new HttpServer(log)
    .route(["POST"], "/oauth2/token", tokenRoute(tokens, new FailureLimiter(db)))
    .route(["GET"], "/.well-known/jwks.json", jwksRoute(db))
    .route(["GET"], "/.well-known/oauth-authorization-server", metadataRoute(config.publicUrl))
    .route(["GET"], "/healthz", healthRoute())
    .route(["GET"], "/readyz", readyRoute(db));
  // Slack (issue 3): POST /slack/events on this same listener, or Socket Mode with SLACK_APP_TOKEN.
  const slack = config.slack ? await startSlack(runtime, config.slack, http) : undefined;
  // Teams (issue 4): POST /api/messages on this same listener; also without credentials when
  // TEAMS_ALLOW_UNAUTHENTICATED=true (the Microsoft 365 Agents Playground). Loaded only when used: the
  // Teams SDK takes about 0.2 s to import, which every CLI command would otherwise pay.
  const teams =
    config.teams || config.teamsAllowUnauthenticated
      ? await (await import("../adapters/teams/teams-app.js")).startTeams(runtime, http, options.teams)
      : undefined;
  const address = await http.listen(config.host, config.port);
  lastUsed.start();
  return {
    http,
    address,
    lastUsed,
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    stop: async () => {
      await slack?.stop();
      await http.close();
      await teams?.stop();
      await lastUsed.stop();
    },
  };
}

/** Slack (issue 3): how Slack reaches the bot. */
function slackLine(config: Config): string {
  if (!config.slack) return "off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN)";
  if (config.slack.appToken) return "Socket Mode (SLACK_APP_TOKEN); /secrets, buttons, modals and App Home";
  return `HTTP mode at ${config.publicUrl}/slack/events (slash command, interactivity and events)`;
}

/** Teams (issue 4): how Teams reaches the bot, and a loud warning when it is not authenticated. */
function teamsLines(config: Config): string[] {
  const url = `${config.publicUrl}${TEAMS_PATH}`;
  if (config.teamsAllowUnauthenticated) {
    return [
      `  Teams     ⚠️  ${url} WITHOUT Bot Framework authentication (TEAMS_ALLOW_UNAUTHENTICATED=true)`,
      `  ⚠️  WARNING anyone who can reach ${url} can act as any Teams user. Local development with the Microsoft 365 Agents Playground only; never in production.`,
    ];
  }
  if (!config.teams) return ["  Teams     off (set TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET, TEAMS_TENANT_ID)"];
  return [
    `  Teams     messaging endpoint ${url} (bot ${config.teams.clientId}); messages, Adaptive Cards, channel alerts`,
  ];
}

/** What runs where, in a few lines, for the start-up banner. */
export function describeStartup(config: Config, address: AddressInfo, databaseLocation: string): string[] {
  const local = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  return [
    `Secret Steward is running.`,
    `  HTTP      ${local}  (token endpoint /oauth2/token · health /healthz, /readyz)`,
    `  Issuer    ${config.publicUrl}  (metadata /.well-known/oauth-authorization-server)`,
    `  Database  ${databaseLocation}`,
    `  Secrets   ${config.entra && config.secretProvider === "entra" ? `Microsoft Entra ID (tenant ${config.entra.tenantId})` : "built-in provider"}; at most ${config.secretMaxLifetimeDays} days, ${config.secretMaxActive} unexpired per application`,
    `  Slack     ${slackLine(config)}`,
    ...teamsLines(config),
    `  Admins    ${config.adminEmails.length > 0 ? config.adminEmails.join(", ") : "none in ADMIN_EMAILS (add one: npx steward admin add you@example.org)"}`,
  ];
}

/** The reminder pass's parts: mail (SMTP, or printed when SMTP_URL is unset), chat notifiers, planning options. */
export function reminderParts(runtime: Runtime, out: NodeJS.WritableStream = process.stdout) {
  const { config } = runtime;
  const mailer = config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new PrintingMailer(out as Writable);
  const notifiers = new Map<"slack" | "teams", ChatNotifier>();
  if (config.slack) {
    notifiers.set(
      "slack",
      new SlackAlertNotifier({
        botToken: config.slack.botToken,
        apiUrl: config.slack.apiUrl,
        render: slackMessage,
      }),
    );
  }
  // Teams (issue 4): proactive Adaptive Cards through the Bot Connector.
  if (config.teams) notifiers.set("teams", teamsAlertNotifier(runtime));
  const deps: DeliveryDeps = { ...runtime, mailer, renderMail, notifiers };
  const options: PassOptions = {
    reminderDays: config.reminderDays,
    timeZone: config.reminderTimezone,
    chatPlatforms: new Set(notifiers.keys()),
    fallbackEmails: config.adminEmails,
    // Secrets changed outside the bot (e.g. in the Entra portal) get their reminders too.
    beforePass: async () => {
      await syncClientSecretsQuietly(runtime);
    },
  };
  return { deps, options, close: () => (mailer instanceof SmtpMailer ? mailer.close() : undefined) };
}
