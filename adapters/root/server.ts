/**
 * The composition root, part 2: every HTTP endpoint on the one listener — the token endpoint,
 * discovery, health, metrics, and the Slack and Teams adapters mounted on their paths.
 */
import type { AddressInfo } from "node:net";
import { clientAddressOf } from "../http/client-address.js";
import { jwksRoute, metadataRoute } from "../http/discovery-routes.js";
import { FailureLimiter } from "../http/failure-limiter.js";
import { healthRoute, readyRoute } from "../http/health-routes.js";
import { type HomeEntry, homeRoute } from "../http/home-route.js";
import { ExpiredCountSweeper } from "../http/limiter-store.js";
import { metricsRoute } from "../http/metrics-route.js";
import { HttpServer } from "../http/server.js";
import { TOKEN_BODY_LIMIT, tokenRoute } from "../http/token-route.js";
import { mountPortal } from "../portal/mount.js";
import { LastUsedRecorder } from "../providers/builtin/last-used.js";
import { loadSigningKey } from "../providers/builtin/signing-keys.js";
import { TokenService } from "../providers/builtin/token-service.js";
import type { SlackService } from "../slack/slack-app.js";
import type { TeamsEndpoints } from "../teams/endpoints.js";
import type { TeamsService } from "../teams/teams-app.js";
import type { Runtime } from "./runtime.js";

export type Server = {
  http: HttpServer;
  address: AddressInfo;
  lastUsed: LastUsedRecorder;
  slack?: SlackService;
  teams?: TeamsService;
  stop(): Promise<void>;
};

/** Teams (issue 4): the identity platform and Bot Framework endpoints, overridable for tests. */
export type ServerOptions = { teams?: TeamsEndpoints };

/** What `/` lists: the endpoints this process serves, as configured. */
function homeEntries(config: Runtime["config"], on: { isSlackHttp: boolean; isTeams: boolean }): HomeEntry[] {
  return [
    { path: "/oauth2/token", what: "OAuth2 token endpoint (client_credentials) for API clients", isLink: false },
    { path: "/.well-known/oauth-authorization-server", what: `metadata; issuer ${config.publicUrl}`, isLink: true },
    { path: "/.well-known/jwks.json", what: "the keys access tokens are signed with", isLink: true },
    ...(on.isSlackHttp
      ? [{ path: "/slack/events", what: "Slack: the /secrets command, buttons and events", isLink: false }]
      : []),
    ...(on.isTeams ? [{ path: "/api/messages", what: "Microsoft Teams: messages to the bot", isLink: false }] : []),
    ...(config.metricsToken
      ? [{ path: "/metrics", what: "Prometheus metrics (with the METRICS_TOKEN bearer token)", isLink: false }]
      : []),
    ...(config.portal
      ? [{ path: "/portal/", what: "the partner portal: sign in to manage your secrets", isLink: true }]
      : []),
    { path: "/healthz", what: "liveness", isLink: true },
    { path: "/readyz", what: "readiness (the database answers)", isLink: true },
  ];
}

/** Serves every HTTP endpoint on the one listener. */
export async function startServer(runtime: Runtime, options: ServerOptions = {}): Promise<Server> {
  const { db, config, log, clock, pepper, telemetry } = runtime;
  // The token endpoint's cache follows other replicas' changes from the first request on.
  await db.changes.follow();
  const lastUsed = new LastUsedRecorder(db, log);
  const tokens = new TokenService(
    db,
    pepper,
    await loadSigningKey(db, pepper),
    clock,
    lastUsed,
    config.publicUrl,
    config.tokenTtlSeconds,
  );
  const limiter = new FailureLimiter(db, clock, {}, log);
  const sweeper = new ExpiredCountSweeper(db, log);
  const http = new HttpServer(log, telemetry.requestTracing)
    .route(
      ["POST"],
      "/oauth2/token",
      tokenRoute(tokens, limiter, clientAddressOf(config.trustProxy), telemetry.metrics),
      { bodyLimit: TOKEN_BODY_LIMIT },
    )
    .route(["GET"], "/.well-known/jwks.json", jwksRoute(db))
    .route(["GET"], "/.well-known/oauth-authorization-server", metadataRoute(config.publicUrl))
    .route(["GET"], "/healthz", healthRoute())
    .route(["GET"], "/readyz", readyRoute(db));
  // GET /metrics only with METRICS_TOKEN; otherwise the path is not served at all (404).
  if (config.metricsToken && telemetry.scrape)
    http.route(["GET"], "/metrics", metricsRoute(config.metricsToken, telemetry.scrape));
  // The partner portal (issue 20): /portal/ on this same listener, unless PORTAL=off.
  mountPortal(runtime, http);
  // Slack (issue 3): POST /slack/events on this same listener, or Socket Mode with SLACK_APP_TOKEN.
  // Each platform's SDK is loaded only when it is configured: Bolt and its Express are some 300 files,
  // the Teams SDK takes about 0.2 s to import, and a server without them starts that much sooner.
  const slack = config.slack
    ? await (await import("../slack/slack-app.js")).startSlack(runtime, config.slack, http)
    : undefined;
  // Teams (issue 4): POST /api/messages on this same listener; also without credentials when
  // TEAMS_ALLOW_UNAUTHENTICATED=true (the Microsoft 365 Agents Playground).
  const teams =
    config.teams || config.teamsAllowUnauthenticated
      ? await (await import("../teams/teams-app.js")).startTeams(runtime, http, options.teams)
      : undefined;
  http.route(
    ["GET", "HEAD"],
    "/",
    homeRoute(
      homeEntries(config, {
        isSlackHttp: slack !== undefined && !config.slack?.appToken,
        isTeams: teams !== undefined,
      }),
    ),
  );
  const address = await http.listen(config.host, config.port);
  lastUsed.start();
  sweeper.start();
  return {
    http,
    address,
    lastUsed,
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    stop: async () => {
      await slack?.stop();
      await http.close();
      await teams?.stop();
      await lastUsed.stop();
      sweeper.stop();
      await tokens.stop();
    },
  };
}
