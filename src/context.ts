/**
 * What every verb receives: the process-wide dependencies plus who is acting — a person (known by
 * e-mail on every surface), the operator at the CLI, or the bot itself.
 */
import type { Db } from "../db/database.js";
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import type { Clock } from "./ports/clock.js";
import type { Metrics } from "./ports/metrics.js";
import type { Notify } from "./ports/notify.js";
import type { SecretProvider } from "./ports/secret-provider.js";
import type { Tracer } from "./ports/tracer.js";

export const surfaces = ["slack", "teams", "console", "cli", "http", "portal"] as const;
export type Surface = (typeof surfaces)[number];

type ActorBase = {
  /** Who, in the audit log: the person's e-mail, `operator:<login>`, or `system`. */
  name: string;
  displayName: string | null;
  surface: Surface;
};

/** A person: their grants decide what they may do; administrators by ADMIN_EMAILS or `steward admin add`. */
export type PersonActor = ActorBase & { kind: "person"; personId: number; email: string; isAdmin: boolean };
/** The operator at the CLI without `--as`: administers, holds no grant, so never creates or deletes secrets. */
export type OperatorActor = ActorBase & { kind: "operator"; isAdmin: true };
/** The bot itself, for work nobody typed (the sync at start and before reminders): administers, holds no grant. */
export type SystemActor = ActorBase & { kind: "system"; isAdmin: true };

export type Actor = PersonActor | OperatorActor | SystemActor;

export type Deps = {
  db: Db;
  clock: Clock;
  config: Config;
  provider: SecretProvider;
  log: Logger;
  /** Telling people things outside their conversation: chat direct messages, alert channels, e-mail. */
  notify: Notify;
  /** Counting for GET /metrics (does nothing when METRICS_TOKEN is unset). */
  metrics: Metrics;
  /** Spans for OpenTelemetry (does nothing when OTEL_EXPORTER_OTLP_ENDPOINT is unset). */
  tracer: Tracer;
};

export type Ctx = Deps & { actor: Actor };

/** What can be worked out without the database or anyone acting: time, configuration, the provider's limits. */
export type PureDeps = Pick<Deps, "clock" | "config" | "provider">;

export const withActor = (deps: Deps, actor: Actor): Ctx => ({ ...deps, actor });
