/**
 * Renders a neutral reply as an e-mail body: plain text and simple HTML. Buttons become the command
 * to type, since mail cannot run them — on the surfaces that are on (Slack, Teams) and in the console,
 * which always is.
 */
import { plainText, visible } from "../../src/messages/markup.js";
import type { Action, Block, Reply } from "../../src/reply.js";
import { pageOf } from "../portal/view.js";

const escapeHtml = (s: string) =>
  visible(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const html = (s: string) =>
  escapeHtml(s)
    .replace(/\*([^*\n]+)\*/g, "<strong>$1</strong>")
    .replace(/`([^`\n]+)`/g, "<code>$1</code>")
    .replace(/\n/g, "<br>");

/**
 * The chat surfaces this bot is configured for; mail names only these, and the console. With
 * `portalUrl` (PUBLIC_URL, when the portal is on), a reply that says what it is about links to that page.
 */
export type MailSurfaces = { slack: boolean; teams: boolean; portalUrl?: string };

/** The portal page a reply is about, as a full URL, when the portal is on. */
const portalLink = (reply: Reply, surfaces: MailSurfaces): string | null => {
  const path = reply.about ? pageOf(reply.about) : null;
  return path && surfaces.portalUrl ? `${surfaces.portalUrl}${path}` : null;
};

function commandHint(actions: Action[], surfaces: MailSurfaces): string {
  const either = (prefix: string) => actions.map((a) => `${prefix}${a.command}`).join(" or ");
  const ways = [
    ...(surfaces.slack ? [`in Slack, ${either("/secrets ")}`] : []),
    ...(surfaces.teams ? [`in Teams, a message to the bot: ${either("")}`] : []),
    `in a terminal, steward console and then ${either("")}`,
  ];
  return `To act: ${ways.join("; ")}.`;
}

function textOf(block: Block, surfaces: MailSurfaces): string {
  switch (block.type) {
    case "text":
      return plainText(block.text);
    case "fields":
      return block.fields.map((f) => `${f.label}: ${plainText(f.value)}`).join("\n");
    case "item":
      return [plainText(block.text), ...(block.fields ?? []).map((f) => `  ${f.label}: ${plainText(f.value)}`)].join(
        "\n",
      );
    case "actions":
      return commandHint(block.actions, surfaces);
    case "divider":
      return "";
  }
}

function htmlOf(block: Block, surfaces: MailSurfaces): string {
  switch (block.type) {
    case "text":
      return `<p>${html(block.text)}</p>`;
    case "fields":
    case "item": {
      const fields = block.type === "fields" ? block.fields : (block.fields ?? []);
      const head = block.type === "item" ? `<p>${html(block.text)}</p>` : "";
      const rows = fields.map((f) => `<tr><th align="left">${escapeHtml(f.label)}</th><td>${html(f.value)}</td></tr>`);
      return `${head}${rows.length ? `<table>${rows.join("")}</table>` : ""}`;
    }
    case "actions":
      return `<p><em>${escapeHtml(commandHint(block.actions, surfaces))}</em></p>`;
    case "divider":
      return "<hr>";
  }
}

export function renderMail(reply: Reply, surfaces: MailSurfaces): { text: string; html: string } {
  const footer = "— Secret Steward. This message contains no secret values.";
  const link = portalLink(reply, surfaces);
  const web = link ? `On the web (partners without chat): ${link}` : "";
  const text = visible(
    [reply.title ? plainText(reply.title) : "", ...reply.blocks.map((b) => textOf(b, surfaces)), web, footer]
      .filter(Boolean)
      .join("\n\n"),
  );
  const body = [
    reply.title ? `<h2>${html(reply.title)}</h2>` : "",
    ...reply.blocks.map((b) => htmlOf(b, surfaces)),
    link ? `<p>On the web (partners without chat): <a href="${escapeHtml(link)}">open it in the portal</a></p>` : "",
    `<p><small>${escapeHtml(footer)}</small></p>`,
  ];
  return { text, html: `<!doctype html><html><body>${body.join("\n")}</body></html>` };
}
