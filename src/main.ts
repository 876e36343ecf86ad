/**
 * The composition root: the only module that knows every adapter. Builds the dependencies from the
 * configuration, serves HTTP, and stops cleanly.
 */
import type { AddressInfo } from "node:net";
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
import { type Db, migrateDatabase, openDatabase } from "../db/client.js";
import type { Config } from "./config.js";
import type { Deps } from "./context.js";
import type { Logger } from "./log.js";
import { type Clock, systemClock } from "./ports/clock.js";

export type Runtime = Deps & { pepper: Buffer; close(): void };

/** Opens and migrates the database and builds the secret provider. */
export function openRuntime(config: Config, log: Logger, clock: Clock = systemClock): Runtime {
  if (config.secretProvider === "entra") {
    throw new Error("SECRET_PROVIDER=entra is not available in this version yet; use builtin (the default)");
  }
  const db: Db = openDatabase(config.databasePath);
  migrateDatabase(db);
  const pepper = loadPepper(config.pepper, config.databasePath);
  const provider = new BuiltinSecretProvider(pepper);
  return { db, clock, config, provider, log, pepper, close: () => db.$client.close() };
}

export type Server = { http: HttpServer; address: AddressInfo; lastUsed: LastUsedRecorder; stop(): Promise<void> };

/** Serves every HTTP endpoint on the one listener. */
export async function startServer(runtime: Runtime): Promise<Server> {
  const { db, config, log, clock, pepper } = runtime;
  const lastUsed = new LastUsedRecorder(db);
  const tokens = new TokenService(
    db,
    pepper,
    loadSigningKey(db, pepper),
    clock,
    lastUsed,
    config.publicUrl,
    config.tokenTtlSeconds,
  );
  const http = new HttpServer(log)
    .route(["POST"], "/oauth2/token", tokenRoute(tokens, new FailureLimiter()))
    .route(["GET"], "/.well-known/jwks.json", jwksRoute(db))
    .route(["GET"], "/.well-known/oauth-authorization-server", metadataRoute(config.publicUrl))
    .route(["GET"], "/healthz", healthRoute())
    .route(["GET"], "/readyz", readyRoute(db));
  const address = await http.listen(config.host, config.port);
  lastUsed.start();
  return {
    http,
    address,
    lastUsed,
    stop: async () => {
      await http.close();
      lastUsed.stop();
    },
  };
}

/** What runs where, in a few lines, for the start-up banner. */
export function describeStartup(config: Config, address: AddressInfo): string[] {
  const local = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  return [
    `Secret Steward is running.`,
    `  HTTP      ${local}  (token endpoint /oauth2/token · health /healthz, /readyz)`,
    `  Issuer    ${config.publicUrl}  (metadata /.well-known/oauth-authorization-server)`,
    `  Database  ${config.databasePath}`,
    `  Secrets   built-in provider; at most ${config.secretMaxLifetimeDays} days, ${config.secretMaxActive} unexpired per application`,
    `  Slack     ${config.slack ? "configured, but not served by this version yet" : "off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN)"}`,
    `  Teams     ${config.teams ? "configured, but not served by this version yet" : "off (set TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET, TEAMS_TENANT_ID)"}`,
    `  Admins    ${config.adminEmails.length > 0 ? config.adminEmails.join(", ") : "none in ADMIN_EMAILS (add one: npx steward admin add you@example.org)"}`,
  ];
}
