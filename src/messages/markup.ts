/**
 * The neutral reply markup: `*bold*` and `` `code` ``, nothing else. Each surface renders it its own
 * way (Slack mrkdwn, Adaptive Card Markdown, HTML); what every surface needs alike lives here.
 */

/** The text without its markup, for places that show it verbatim: button titles, terminals, plain-text mail. */
export const plainText = (text: string): string => text.replace(/\*([^*\n]+)\*/g, "$1").replace(/`([^`\n]+)`/g, "$1");

/** At most `max` characters, the last an ellipsis when cut, so a platform's length limit never rejects a reply. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
