/** GET /healthz (the process serves) and /readyz (the database answers and is fully migrated). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Db, isMigrated } from "../../db/client.js";
import { sendJson } from "./http-kit.js";

export const healthRoute = () => (_req: IncomingMessage, res: ServerResponse) =>
  sendJson(res, 200, { status: "ok" }, { "Cache-Control": "no-store" });

export const readyRoute = (db: Db) => (_req: IncomingMessage, res: ServerResponse) => {
  let isReady = false;
  try {
    isReady = isMigrated(db);
  } catch {
    isReady = false;
  }
  sendJson(
    res,
    isReady ? 200 : 503,
    { status: isReady ? "ready" : "not ready", database: isReady ? "ok" : "unavailable or not migrated" },
    { "Cache-Control": "no-store" },
  );
};
