/**
 * The web portal's sessions (issue 20), kept in the database so any replica serves any request. A row
 * is one browser: before sign-in it only holds the e-mailed link it asked for (or the OpenID Connect
 * round trip under way), so the link signs in that browser and no other; after sign-in it names the
 * person. Only hashes of the cookie, the link and the reveal form's token are stored; never a secret value.
 */
import { createdAt, integer, json, text, timestamp } from "../columns.js";
import type { Dialect } from "../database.js";
import type { Kit, Referenced } from "../kit.js";
import { index, primaryKey, uniqueIndex } from "../table-parts.js";

/** What an OpenID Connect sign-in keeps between the redirect out and the callback. */
export type PortalOidcState = { state: string; nonce: string; codeVerifier: string };

/** The answer to the last form posted, shown once by the page the post redirects to (never a secret value). */
export type PortalFlash = Record<string, unknown>;

export function portalTables<D extends Dialect>(k: Kit<D>, { people }: Referenced<"people">) {
  const portalSessions = k.table(
    "portal_sessions",
    {
      /** SHA-256 of the cookie's value, base64url: the cookie alone opens the session. */
      tokenHash: text("token_hash").notNull(),
      /** Who signed in; null while the browser is still signing in. */
      personId: integer("person_id").references(() => people.id, { onDelete: "cascade" }),
      /** Sent back by every form post (compared in constant time). */
      csrfToken: text("csrf_token").notNull(),
      createdAt: createdAt(),
      lastSeenAt: timestamp("last_seen_at").notNull(),
      /** The absolute end: twelve hours after sign-in (fifteen minutes before it). */
      expiresAt: timestamp("expires_at").notNull(),
      /** SHA-256 of the e-mailed sign-in link's token, until it is used or replaced. */
      linkHash: text("link_hash"),
      linkEmail: text("link_email"),
      linkExpiresAt: timestamp("link_expires_at"),
      /** Where to go after sign-in (a portal path), e.g. the page a reminder mail links to. */
      nextPath: text("next_path"),
      oidc: json("oidc").$type<PortalOidcState>(),
      flash: json("flash").$type<PortalFlash>(),
      /** SHA-256 of the token of the create or rotate form shown last: it works once. */
      formTokenHash: text("form_token_hash"),
    },
    (t) => [
      primaryKey(t.tokenHash),
      uniqueIndex("portal_sessions_link_unique", [t.linkHash]),
      index("portal_sessions_expires_idx", [t.expiresAt]),
    ],
  );
  return { portalSessions };
}
