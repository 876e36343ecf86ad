/**
 * What every portal answer shares: the security headers, the session cookie, reading a posted form,
 * and refusing a post from another origin.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../http/http-kit.js";

export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * CSP without inline script; nothing may frame the portal; no Referer leaves it. Forms post only to the
 * portal, whose redirect may lead on to the OpenID Connect provider (browsers apply form-action to that
 * redirect too), so its origin is allowed there when one is configured.
 */
export function securityHeaders(oidcIssuer?: string): Record<string, string> {
  const formAction = oidcIssuer ? `'self' ${new URL(oidcIssuer).origin}` : "'self'";
  return {
    ...SECURITY_HEADERS,
    "Content-Security-Policy": `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
  };
}

export const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

export type CookiePolicy = { name: string; secure: boolean };

/**
 * `__Host-` binds the cookie to this host and path `/`, but browsers only accept it with `Secure`, and
 * a browser sends a `Secure` cookie only over https (or to localhost). So with an https PUBLIC_URL the
 * cookie is `__Host-steward-portal`, Secure; with a plain-http PUBLIC_URL (local use) it is
 * `steward-portal`, without Secure, so a browser keeps it on any plain-http host — still HttpOnly,
 * SameSite=Lax, host-only (no Domain) and Path=/.
 */
export const cookiePolicy = (publicUrl: string): CookiePolicy =>
  publicUrl.startsWith("https:")
    ? { name: "__Host-steward-portal", secure: true }
    : { name: "steward-portal", secure: false };

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export function cookieHeader(policy: CookiePolicy, value: string | null): string {
  const parts = [`${policy.name}=${value ?? ""}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (policy.secure) parts.push("Secure");
  if (value === null) parts.push("Max-Age=0");
  return parts.join("; ");
}

export type Answer = { status: number; html: string; headers?: Record<string, string | string[]> };

export function sendHtml(res: ServerResponse, answer: Answer, headers = SECURITY_HEADERS): void {
  res.writeHead(answer.status, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(answer.html),
    "Cache-Control": "no-store",
    ...headers,
    ...answer.headers,
  });
  res.end(answer.html);
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(303, {
    Location: location,
    "Cache-Control": "no-store",
    "Content-Length": 0,
    ...SECURITY_HEADERS,
    ...headers,
  });
  res.end();
}

/** A posted form's fields (the first value of each name). */
export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const type = req.headers["content-type"] ?? "";
  const body = await readBody(req, FORM_BODY_LIMIT);
  if (!type.startsWith("application/x-www-form-urlencoded")) return {};
  const values: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body.toString("utf8"))) if (!(key in values)) values[key] = value;
  return values;
}

/**
 * A post comes from the portal's own pages: Origin is PUBLIC_URL's origin, or `null` (what browsers
 * send under `Referrer-Policy: no-referrer`) together with `Sec-Fetch-Site: same-origin`.
 */
export function isSameOrigin(req: IncomingMessage, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin === new URL(publicUrl).origin) return true;
  if (origin === "null") return req.headers["sec-fetch-site"] === "same-origin";
  // No Origin at all: only browsers that send Sec-Fetch-Site may still be recognised as same-origin.
  if (origin === undefined) return req.headers["sec-fetch-site"] === "same-origin";
  return false;
}
