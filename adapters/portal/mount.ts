/** Mounts the portal on the one HTTP listener, under /portal/, unless PORTAL=off. */
import { clientAddressOf } from "../http/client-address.js";
import type { HttpServer } from "../http/server.js";
import type { Runtime } from "../root/runtime.js";
import { FORM_BODY_LIMIT } from "./http-parts.js";
import { LinkLimiter } from "./limits.js";
import { OidcSignIn } from "./oidc.js";
import { CALLBACK_PATH, PORTAL_PATH, portalHandler } from "./portal.js";
import { SessionStore } from "./sessions.js";

export function mountPortal(runtime: Runtime, http: HttpServer): void {
  const { config, db, clock, log } = runtime;
  if (!config.portal) return;
  const handler = portalHandler({
    deps: runtime,
    mailer: runtime.outgoing.mailer,
    sessions: new SessionStore(db, clock),
    limiter: new LinkLimiter(db),
    clientAddress: clientAddressOf(config.trustProxy),
    ...(config.portalOidc
      ? { oidc: new OidcSignIn(config.portalOidc, `${config.publicUrl}${CALLBACK_PATH}`, log) }
      : {}),
  });
  http.routePrefix(PORTAL_PATH, `${PORTAL_PATH}/`, handler, { bodyLimit: FORM_BODY_LIMIT });
}
