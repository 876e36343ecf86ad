/**
 * The composition root, part 1: the runtime every surface shares — the database (SQLite or
 * PostgreSQL, migrated at open), the pepper, and the secret provider chosen by the configuration.
 * Only adapters/root/ knows every adapter; the core (src/) never imports one.
 */
import type { Writable } from "node:stream";
import { openDatabase } from "../../db/open.js";
import type { Config } from "../../src/config.js";
import type { Deps } from "../../src/context.js";
import type { Logger } from "../../src/log.js";
import { type Clock, systemClock } from "../../src/ports/clock.js";
import type { SecretProvider } from "../../src/ports/secret-provider.js";
import { BuiltinSecretProvider } from "../providers/builtin/builtin-provider.js";
import { loadPepper } from "../providers/builtin/pepper.js";
import { EntraSecretProvider } from "../providers/entra/entra-provider.js";
import type { ProviderRuntime } from "../providers/http/provider-http.js";
import { KeycloakSecretProvider } from "../providers/keycloak/keycloak-provider.js";
import { OktaSecretProvider } from "../providers/okta/okta-provider.js";
import type { TeamsEndpoints } from "../teams/endpoints.js";
import { instrumentedProvider } from "../telemetry/instrumented-provider.js";
import { openTelemetry, type Telemetry } from "../telemetry/telemetry.js";
import { type Outgoing, outgoing } from "./notify.js";

export type Runtime = Deps & { pepper: Buffer; outgoing: Outgoing; telemetry: Telemetry; close(): Promise<void> };

export type RuntimeOptions = {
  /** Where mail is printed when SMTP_URL is unset: the CLI run's stdout (stderr under --json), a test's buffer. */
  out: Writable;
  /** The Microsoft identity platform and Bot Framework endpoints (tests point them at local servers). */
  teams?: TeamsEndpoints;
  /**
   * PostgreSQL: how often the change signal reads its version row behind LISTEN/NOTIFY (200 ms by
   * default); tests that wait for another process's change may shorten it.
   */
  changePollMs?: number;
  /** PostgreSQL: false for a one-shot command, which caches nothing and so follows no other replica's changes. */
  isFollowingChanges?: boolean;
};

/** Opens and migrates the database, builds the secret provider and the outgoing channels. */
export async function openRuntime(
  config: Config,
  log: Logger,
  clock: Clock = systemClock,
  options: RuntimeOptions,
): Promise<Runtime> {
  const db = await openDatabase(config, {
    // One line when the database goes and one when it is back, however many connections fail meanwhile.
    onDown: (reason) =>
      log.warn(`the database is not answering (${reason}); requests that need it get 503 until it is back`),
    onUp: (ms) => log.info(`the database is answering again, after ${(ms / 1000).toFixed(1)} s`),
    changePollMs: options.changePollMs,
    isFollowingChanges: options.isFollowingChanges,
  });
  let pepper: Buffer;
  let provider: SecretProvider;
  let telemetry: Telemetry;
  try {
    telemetry = await openTelemetry(config, { db, clock, log });
    pepper = loadPepper(config.pepper, config.databasePath);
    const { metrics, tracer } = telemetry;
    provider = instrumentedProvider(chooseProvider(config, { pepper, clock, log, metrics, tracer }), metrics, tracer);
  } catch (error) {
    // Close what was opened: an open pool keeps a process alive, and an in-process CLI run (a test) would leak it.
    await db.close();
    throw error;
  }
  const base = { db, clock, config, provider, log, metrics: telemetry.metrics, tracer: telemetry.tracer };
  const channels = outgoing(base, options);
  return {
    ...base,
    notify: channels,
    outgoing: channels,
    pepper,
    telemetry,
    close: async () => {
      channels.close();
      await telemetry.close();
      await db.close();
    },
  };
}

/** The secret provider SECRET_PROVIDER names (the configuration has checked its variables are all set). */
function chooseProvider(config: Config, parts: ProviderRuntime & { pepper: Buffer }): SecretProvider {
  const { pepper, ...common } = parts;
  // Keycloak without a rotation policy and Okta keep no expiry: a secret found there gets the bot's lifetime.
  const defaultLifetimeDays = config.secretMaxLifetimeDays;
  if (config.secretProvider === "entra" && config.entra) return new EntraSecretProvider({ ...config.entra, ...common });
  if (config.secretProvider === "keycloak" && config.keycloak) {
    return new KeycloakSecretProvider({ ...config.keycloak, fingerprintKey: pepper, defaultLifetimeDays, ...common });
  }
  if (config.secretProvider === "okta" && config.okta) {
    return new OktaSecretProvider({ ...config.okta, defaultLifetimeDays, ...common });
  }
  return new BuiltinSecretProvider(pepper);
}
