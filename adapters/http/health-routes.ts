/** GET /healthz (the process serves) and /readyz (the database answers and is fully migrated). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../db/database.js";
import { sendJson } from "./http-kit.js";

/** A readiness probe answers within this, even when the database hangs. */
const READY_TIMEOUT_MS = 2_000;

export const healthRoute = () => (_req: IncomingMessage, res: ServerResponse) =>
  sendJson(res, 200, { status: "ok" }, { "Cache-Control": "no-store" });

export const readyRoute = (db: Db) => async (_req: IncomingMessage, res: ServerResponse) => {
  const timeout = new AbortController();
  const isReady = await Promise.race([
    db.isMigrated().catch(() => false),
    sleep(READY_TIMEOUT_MS, false, { signal: timeout.signal }).catch(() => false),
  ]);
  timeout.abort();
  sendJson(
    res,
    isReady ? 200 : 503,
    { status: isReady ? "ready" : "not ready", database: isReady ? "ok" : "unavailable or not migrated" },
    { "Cache-Control": "no-store" },
  );
};
