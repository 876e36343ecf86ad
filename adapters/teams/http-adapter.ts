/**
 * Mounts the Teams SDK's routes on our one HTTP listener (the SDK's IHttpServerAdapter), instead of the
 * Express server it would otherwise start. With authentication on, our own check (bot-authentication.ts)
 * refuses a request from its Authorization header before the body is read, and checks the token against
 * the activity before the SDK (which checks it again) runs it. This adapter reads a bounded JSON body and
 * writes the answer.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter } from "@microsoft/teams.apps";
import type { Logger } from "../../src/log.js";
import { readBody, refuseUnread, sendJson } from "../http/http-kit.js";
import type { HttpServer } from "../http/server.js";
import { type BotAuthentication, bearerToken } from "./bot-authentication.js";

/** Activities are small; Teams caps a message at about 28 KB. */
const BODY_LIMIT = 256 * 1024;

const unauthorized = (description: string) => ({ error: "unauthorized", error_description: description });

function headersOf(req: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value;
  return headers;
}

async function readActivity(req: IncomingMessage, res: ServerResponse): Promise<Record<string, unknown> | null> {
  // Over the limit, readBody throws and the router answers 413.
  const raw = await readBody(req, BODY_LIMIT);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    sendJson(res, 400, { error: "invalid_json", error_description: "The body must be a JSON activity." });
    return null;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    sendJson(res, 400, { error: "not_an_activity", error_description: "The body must be a JSON activity." });
    return null;
  }
  return body as Record<string, unknown>;
}

export class ListenerAdapter implements IHttpServerAdapter {
  readonly paths: string[] = [];

  /** `auth` is absent only with TEAMS_ALLOW_UNAUTHENTICATED=true (local development). */
  constructor(
    private readonly http: HttpServer,
    private readonly log: Logger,
    private readonly auth?: BotAuthentication,
  ) {}

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    this.paths.push(path);
    this.http.route([method], path, (req, res) => this.serve(handler, req, res), { bodyLimit: BODY_LIMIT });
  }

  private async serve(handler: HttpRouteHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = this.auth ? bearerToken(req.headers.authorization) : null;
    if (typeof token === "string") {
      this.logRefusal(token);
      return refuseUnread(req, res, 401, unauthorized(token));
    }
    const body = await readActivity(req, res);
    if (!body) return;
    const problem = token && this.auth ? await this.auth.problem(token, body) : null;
    if (problem) {
      this.logRefusal(problem);
      return sendJson(res, 401, unauthorized(problem));
    }
    const answer = await handler({ body, headers: headersOf(req) });
    if (answer.body === undefined) {
      res.writeHead(answer.status).end();
      return;
    }
    sendJson(res, answer.status, answer.body);
  }

  /** Refusals are expected traffic on a public endpoint: logged at debug, so a flood cannot fill the log. */
  private logRefusal(why: string): void {
    this.log.debug({ why }, "refused a request to /api/messages");
  }
}
