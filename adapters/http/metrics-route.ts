/**
 * GET /metrics — Prometheus text format, for whoever holds METRICS_TOKEN (`Authorization: Bearer …`).
 * Mounted only when METRICS_TOKEN is set; without it the path is not served (404). The token is
 * compared in constant time (as digests, so its length does not show either).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./http-kit.js";

export type Scrape = () => Promise<{ contentType: string; body: string }>;

const digest = (text: string) => createHash("sha256").update(text).digest();

export function metricsRoute(token: string, scrape: Scrape) {
  const expected = digest(token);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      const body = { error: "unauthorized", error_description: "Send Authorization: Bearer <METRICS_TOKEN>." };
      return sendJson(res, 401, body, { "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" });
    }
    const { contentType, body } = await scrape();
    res.writeHead(200, {
      "Content-Type": contentType,
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}
