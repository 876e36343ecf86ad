/**
 * GET /: a short page for whoever opens the bot's address in a browser — what runs here and where —
 * instead of a JSON 404. It names endpoints only (nothing about applications or people) and links the
 * public ones.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export type HomeEntry = { path: string; what: string; isLink: boolean };

export function homeRoute(entries: HomeEntry[]) {
  const rows = entries
    .map((e) => {
      const path = escapeHtml(e.path);
      return `<li><code>${e.isLink ? `<a href="${path}">${path}</a>` : path}</code> — ${escapeHtml(e.what)}</li>`;
    })
    .join("\n");
  const page = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Secret Steward</title></head>
<body>
<h1>Secret Steward</h1>
<p>A chat-ops bot for the OAuth2 client secrets of API applications. It is used from Slack, Microsoft Teams and the console (<code>npx steward console</code>); this address serves:</p>
<ul>
${rows}
</ul>
</body>
</html>
`;
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-cache",
      "Content-Security-Policy": "default-src 'none'",
      "X-Content-Type-Options": "nosniff",
    });
    res.end(page);
  };
}
