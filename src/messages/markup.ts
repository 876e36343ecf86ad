/**
 * The neutral reply markup: `*bold*` and `` `code` ``, nothing else. Each surface renders it its own
 * way (Slack mrkdwn, Adaptive Card Markdown, HTML); what every surface needs alike lives here.
 */

import { CONTROL_CHARACTERS } from "../names.js";

/**
 * Control characters written out as `\u001b`, so none acts on a terminal, a mail reader or a chat
 * client; line breaks stay. Every renderer applies it, though names with control characters are
 * refused where they come in (src/names.ts). The form is also a valid JSON escape.
 */
export const visible = (text: string): string =>
  text.replace(CONTROL_CHARACTERS, (c) =>
    c === "\n" ? c : `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
  );

/** The text without its markup, for places that show it verbatim: button titles, terminals, plain-text mail. */
export const plainText = (text: string): string =>
  visible(text.replace(/\*([^*\n]+)\*/g, "$1").replace(/`([^`\n]+)`/g, "$1"));

/** At most `max` characters, the last an ellipsis when cut, so a platform's length limit never rejects a reply. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
