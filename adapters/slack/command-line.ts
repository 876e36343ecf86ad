/**
 * What the Slack adapter needs to know of a command line before running it: whether its answer
 * belongs in a modal, whether it may be shared in the channel, and whether it subscribes a channel.
 * The line itself is still parsed and authorised only by the core.
 */

export const commandName = (line: string): string => line.trim().split(/\s+/)[0]?.toLowerCase() ?? "";

/** `create` and `rotate` answer with a form or a one-time reveal, both of which only a modal may show. */
export const opensModal = (line: string): boolean => ["create", "rotate"].includes(commandName(line));

/** Lists a person may choose to share in the channel (metadata only, never a value). */
export const isShareable = (line: string): boolean => ["list", "expiring"].includes(commandName(line));

/** Commands after which the person's Home tab is out of date. */
export const changesSecrets = (line: string): boolean => ["create", "rotate", "confirm"].includes(commandName(line));

/** The answer to a confirmation button replaces the question, so its buttons cannot be clicked again. */
export const answersConfirmation = (line: string): boolean => ["confirm", "cancel"].includes(commandName(line));

export const isAlertsHere = (line: string): boolean => /^alerts\s+here(\s|$)/i.test(line.trim());

/** `/secrets list --share` asks for the list in the channel; the flag is Slack's, so it is taken off here. */
export function shareRequest(text: string): { line: string; isShared: boolean } {
  const match = /^(.*?)\s+--share\s*$/s.exec(text);
  if (match && isShareable(match[1]!)) return { line: match[1]!.trim(), isShared: true };
  return { line: text.trim(), isShared: false };
}
