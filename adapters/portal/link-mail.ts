/** The e-mail that carries a sign-in link: plain text and HTML, the link the only thing to act on. */
import type { Mail } from "../../src/ports/mailer.js";
import { LINK_MINUTES } from "./sessions.js";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function signInMail(to: string, url: string): Mail {
  const text = [
    "Someone (we hope you) asked to sign in to the Secret Steward portal with this address.",
    "",
    `Sign in: ${url}`,
    "",
    `The link works once, for ${LINK_MINUTES} minutes, in the browser where it was asked for.`,
    "If you did not ask for it, ignore this message: nobody can use the link in another browser.",
    "",
    "— Secret Steward. This message contains no secret values.",
  ].join("\n");
  const html = `<!doctype html><html><body><p>Someone (we hope you) asked to sign in to the Secret Steward portal with this address.</p><p><a href="${escapeHtml(url)}">Sign in to the portal</a></p><p>The link works once, for ${LINK_MINUTES} minutes, in the browser where it was asked for. If you did not ask for it, ignore this message: nobody can use the link in another browser.</p><p><small>— Secret Steward. This message contains no secret values.</small></p></body></html>`;
  return { to, subject: "Your sign-in link for Secret Steward", text, html };
}
