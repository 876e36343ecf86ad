/**
 * Mounts the Teams SDK's routes on our one HTTP listener (the SDK's IHttpServerAdapter), instead of the
 * Express server it would otherwise start. The SDK's handler authenticates the request (Bot Framework
 * JWT) and runs the activity; this adapter only reads a bounded JSON body and writes the answer.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter } from "@microsoft/teams.apps";
import { BodyTooLarge, readBody, sendJson, tooLarge } from "../http/http-kit.js";
import type { HttpServer } from "../http/server.js";

/** Activities are small; Teams caps a message at about 28 KB. */
const BODY_LIMIT = 256 * 1024;

function headersOf(req: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;
  return headers;
}

async function serve(handler: HttpRouteHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req, BODY_LIMIT)).toString("utf8"));
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      sendJson(res, 413, tooLarge(BODY_LIMIT));
      return;
    }
    sendJson(res, 400, { error: "invalid_json" });
    return;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    sendJson(res, 400, { error: "not_an_activity" });
    return;
  }
  const answer = await handler({ body, headers: headersOf(req) });
  if (answer.body === undefined) {
    res.writeHead(answer.status).end();
    return;
  }
  sendJson(res, answer.status, answer.body);
}

/** The SDK's HTTP adapter for our HttpServer: each route it registers becomes one of ours. */
export class ListenerAdapter implements IHttpServerAdapter {
  readonly paths: string[] = [];

  constructor(private readonly http: HttpServer) {}

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    this.paths.push(path);
    this.http.route([method], path, (req, res) => serve(handler, req, res), { bodyLimit: BODY_LIMIT });
  }
}
