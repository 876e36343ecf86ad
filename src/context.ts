/**
 * What every verb receives: the process-wide dependencies plus the person (or operator) acting.
 */
import type { Db } from "../db/database.js";
import type { Config } from "./config.js";
import type { Logger } from "./log.js";
import type { Clock } from "./ports/clock.js";
import type { SecretProvider } from "./ports/secret-provider.js";

export const surfaces = ["slack", "teams", "console", "cli", "http"] as const;
export type Surface = (typeof surfaces)[number];

export type Actor = {
  /** Null only for the operator at the CLI, who acts without a person (`--as` not given). */
  personId: number | null;
  /** The person's e-mail, or `operator:<login>` for the operator. */
  email: string;
  displayName: string | null;
  isAdmin: boolean;
  isOperator: boolean;
  surface: Surface;
};

export type Deps = {
  db: Db;
  clock: Clock;
  config: Config;
  provider: SecretProvider;
  log: Logger;
};

export type Ctx = Deps & { actor: Actor };

export const withActor = (deps: Deps, actor: Actor): Ctx => ({ ...deps, actor });
