/**
 * The one HTTP listener for every endpoint: token endpoint, discovery, health, and the Slack and
 * Teams adapters' request listeners mounted on their paths. Every route has a body limit; a declared
 * body above it is refused before anything is read, and a chunked one that grows past it while a
 * handler reads it (readBody throws BodyTooLarge) is refused here too: 413 is answered in this file only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isDatabaseUnavailable } from "../../db/database.js";
import type { Logger } from "../../src/log.js";
import { answerClientError } from "./client-error.js";
import { BodyTooLarge, declaredLength, refuseUnread, sendJson, tooLarge } from "./http-kit.js";

const UNAVAILABLE = { "Retry-After": 5, "Cache-Control": "no-store" };

/** What a route takes when it does not say: none of the GET routes reads a body at all. */
const DEFAULT_BODY_LIMIT = 16 * 1024;

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
export type RouteOptions = { bodyLimit?: number };

type Route = { handler: Handler; bodyLimit: number };

/** Wraps each routed request, e.g. in a trace span (adapters/telemetry/otel-tracing.ts); `route` is the path served. */
export type RequestTracing = {
  serve(req: IncomingMessage, res: ServerResponse, route: string, handle: () => Promise<void>): Promise<void>;
};

export class HttpServer {
  private readonly routes = new Map<string, Map<string, Route>>();
  /** Routes that serve every path under a prefix (the portal's pages), tried after the exact ones. */
  private readonly prefixes: { prefix: string; exact: string; route: Route }[] = [];
  readonly server: Server;

  constructor(
    private readonly log: Logger,
    private readonly tracing?: RequestTracing,
  ) {
    this.server = createServer(
      { keepAliveTimeout: 65_000, requestTimeout: 30_000, maxHeaderSize: 16 * 1024 },
      (req, res) => {
        this.dispatch(req, res);
      },
    );
    this.server.headersTimeout = 20_000;
    this.server.on("clientError", answerClientError);
  }

  /** Serves `path` for the given methods (GET also answers HEAD); bodies above `bodyLimit` get 413. */
  route(methods: string[], path: string, handler: Handler, options: RouteOptions = {}): this {
    const route = { handler, bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT };
    const byMethod = this.routes.get(path) ?? new Map<string, Route>();
    for (const method of methods) byMethod.set(method, route);
    if (byMethod.has("GET") && !byMethod.has("HEAD")) byMethod.set("HEAD", route);
    this.routes.set(path, byMethod);
    return this;
  }

  /** Serves `exact` and every path that starts with `prefix` (GET, HEAD and POST; the handler answers other methods). */
  routePrefix(exact: string, prefix: string, handler: Handler, options: RouteOptions = {}): this {
    this.prefixes.push({ prefix, exact, route: { handler, bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT } });
    return this;
  }

  private dispatch(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query < 0 ? url : url.slice(0, query);
    const byMethod = this.routes.get(path);
    const under = byMethod ? undefined : this.prefixes.find((p) => path === p.exact || path.startsWith(p.prefix));
    if (under) {
      this.serve(under.route, req, res, path);
      return;
    }
    if (!byMethod) {
      refuseUnread(req, res, 404, { error: "not_found", error_description: `Nothing is served at ${path}.` });
      return;
    }
    const route = byMethod.get(req.method ?? "GET");
    if (!route) {
      const allow = [...byMethod.keys()].join(", ");
      const body = { error: "method_not_allowed", error_description: `Use ${allow}.` };
      refuseUnread(req, res, 405, body, { Allow: allow });
      return;
    }
    this.serve(route, req, res, path);
  }

  private serve(route: Route, req: IncomingMessage, res: ServerResponse, path: string): void {
    if ((declaredLength(req) ?? 0) > route.bodyLimit) {
      refuseUnread(req, res, 413, tooLarge(route.bodyLimit), { "Cache-Control": "no-store" });
      return;
    }
    const failed = (error: unknown) => this.fail(res, path, error);
    if (this.tracing) {
      this.tracing.serve(req, res, path, async () => await route.handler(req, res)).catch(failed);
      return;
    }
    // Without tracing, no promise is added to the handler's own (the token endpoint's hot path).
    let handled: void | Promise<void>;
    try {
      handled = route.handler(req, res);
    } catch (error) {
      failed(error);
      return;
    }
    handled?.catch(failed);
  }

  /** What a handler threw, answered: here only, so every route says it the same way. */
  private fail(res: ServerResponse, path: string, error: unknown): void {
    if (res.headersSent) {
      this.log.error({ err: error, path }, "request failed");
      res.destroy();
    } else if (error instanceof BodyTooLarge) {
      // A chunked body that grew past the route's limit while being read (a declared one never got here);
      // readBody is already dropping the rest.
      sendJson(res, 413, tooLarge(error.limit), { "Cache-Control": "no-store" });
    } else if (isDatabaseUnavailable(error)) {
      // Nothing was written: transactions roll back. A load balancer retries another replica.
      // The outage is logged once when it starts and once when it ends; each refused request at debug.
      this.log.debug({ err: error, path }, "the database is not answering");
      const description = "The database is not answering; try again shortly.";
      sendJson(res, 503, { error: "temporarily_unavailable", error_description: description }, UNAVAILABLE);
    } else {
      this.log.error({ err: error, path }, "request failed");
      sendJson(res, 500, { error: "server_error", error_description: "Internal error." });
    }
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }
}
