/**
 * The composition root, part 4: `steward start` — the server, the reminder schedule, the sync with
 * the provider, signals, the console on a terminal, and the banner that says what runs where.
 */
import type { AddressInfo } from "node:net";
import { type Config, localUrl } from "../../src/config.js";
import { retryDeliveries, runReminderPass } from "../../src/jobs/reminder-pass.js";
import { startReminderScheduler } from "../../src/jobs/scheduler.js";
import { createLogger } from "../../src/log.js";
import { deliverOutbox } from "../../src/outbox/deliver-outbox.js";
import { syncClientSecretsQuietly } from "../../src/verbs/sync-client-secrets.js";
import { isTerminal } from "../cli/cli-io.js";
import { type Cli, CliExit, defaultConsoleEmail } from "../cli/runtime.js";
import { runConsole } from "../console/repl.js";
import { TEAMS_PATH } from "../teams/endpoints.js";
import { outboxParts, reminderParts } from "./reminders.js";
import { startServer } from "./server.js";

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

/** The partner portal (issue 20): where, and how partners sign in. */
function portalLine(config: Config): string {
  if (!config.portal) return "off (PORTAL=off)";
  const oidc = config.portalOidc ? ` or through ${config.portalOidc.issuer}` : "";
  const http = config.publicUrl.startsWith("https:") ? "" : "; plain http: for local use only";
  return `${config.publicUrl}/portal/ (partners sign in by e-mailed link${oidc}${http})`;
}

/** Which secret provider holds the secrets, and where. */
function providerLine(config: Config): string {
  if (config.secretProvider === "entra" && config.entra) return `Microsoft Entra ID (tenant ${config.entra.tenantId})`;
  if (config.secretProvider === "keycloak" && config.keycloak) {
    return `Keycloak (realm ${config.keycloak.realm} at ${config.keycloak.url}, as ${config.keycloak.clientId})`;
  }
  if (config.secretProvider === "okta" && config.okta) return `Okta (${config.okta.orgUrl})`;
  return "built-in provider";
}

/** A URL as it may be printed: no user or password in it. */
const withoutCredentials = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};

/** What runs where, in a few lines, for the start-up banner. */
export function describeStartup(config: Config, address: AddressInfo, databaseLocation: string): string[] {
  // Without PUBLIC_URL the issuer is the local address: print that one, so discovery from it matches the issuer.
  const local = config.isPublicUrlSet
    ? `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`
    : localUrl(config.host, address.port);
  return [
    `Secret Steward is running.`,
    `  HTTP      ${local}  (token endpoint /oauth2/token · health /healthz, /readyz${config.metricsToken ? " · metrics /metrics" : ""})`,
    `  Issuer    ${config.publicUrl}  (metadata /.well-known/oauth-authorization-server)`,
    `  Database  ${databaseLocation}`,
    `  Secrets   ${providerLine(config)}; at most ${config.secretMaxLifetimeDays} days, ${config.secretMaxActive} unexpired per application`,
    `  Slack     ${slackLine(config)}`,
    ...teamsLines(config),
    ...(config.tracing
      ? [`  Tracing   OTLP ${config.tracing.protocol} to ${withoutCredentials(config.tracing.url)}`]
      : []),
    `  Portal    ${portalLine(config)}`,
    `  Admins    ${config.adminEmails.length > 0 ? config.adminEmails.join(", ") : "none in ADMIN_EMAILS (add one: npx steward admin add you@example.org)"}`,
  ];
}

/**
 * Runs the bot until SIGINT or SIGTERM, on the run's streams: the console (on a terminal) reads its
 * stdin; without one, the log goes to its stdout. The signals are the process's: start runs as one.
 */
export async function runBot(cli: Cli): Promise<void> {
  const { io, out, err } = cli;
  const config = cli.configOrExit();
  const hasConsole = isTerminal(io.stdin);
  const log = hasConsole
    ? cli.logger(config)
    : createLogger({ level: config.logLevel, pretty: isTerminal(io.stdout), destination: io.stdout });
  const runtime = await cli.openRuntimeOrExit(config, log);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(runtime);
  } catch (error) {
    await runtime.close();
    const code = (error as NodeJS.ErrnoException).code;
    err(
      code === "EADDRINUSE"
        ? `❌ Port ${config.port} on ${config.host} is in use. Stop the other process or set PORT to a free port.`
        : `❌ Could not start: ${(error as Error).message}`,
    );
    throw new CliExit(1);
  }
  const reminders = reminderParts(runtime);
  const outbox = outboxParts(runtime);
  const scheduler = startReminderScheduler({
    cron: config.reminderCron,
    timeZone: config.reminderTimezone,
    log,
    pass: () => runReminderPass(reminders.deps, reminders.options),
    retry: () => retryDeliveries(reminders.deps),
    outbox: () => deliverOutbox(outbox),
  });
  const lines = describeStartup(config, server.address, runtime.db.location);
  const next = scheduler.nextRun();
  lines.push(
    `  Reminders ${config.reminderCron} ${config.reminderTimezone}${next ? ` (next ${next.toISOString()})` : ""}; e-mail ${config.smtpUrl ? "via SMTP_URL" : "printed here, not sent (set SMTP_URL)"}`,
  );
  lines.push(
    hasConsole
      ? "The console below runs the chat commands; type help."
      : "Next: npx steward console   (the chat commands in a terminal)",
  );
  out(lines.join("\n"));
  log.info({ address: server.address }, "serving");
  // Secrets changed at the provider (a portal, an admin console) while the bot was down; an outage only warns.
  void syncClientSecretsQuietly(runtime);

  let isStopping = false;
  const stop = async () => {
    if (isStopping) return;
    isStopping = true;
    scheduler.stop();
    await server.stop();
    await runtime.close();
    log.info("stopped");
  };
  await new Promise<void>((done) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop().then(done));
    if (hasConsole) {
      void runConsole(runtime, {
        email: defaultConsoleEmail(config),
        input: io.stdin,
        output: io.stdout,
        isTTY: true,
      }).then(() => out("Console closed; the bot keeps serving. Press Ctrl+C to stop."));
    }
  });
}
