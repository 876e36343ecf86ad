/**
 * Instants typed by an operator (`steward remind --now`, `steward audit --since`): ISO 8601 dates and
 * date-times only. `new Date()` alone would read `0` as the year 2000 and `12` as December 2001.
 * A date means its midnight, and a time without a zone is UTC, as everywhere in this bot.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The instant an ISO 8601 date or date-time names, or null when the text is not one (or no such day). */
export function parseIsoInstant(raw: string): Date | null {
  const m = ISO.exec(raw.trim());
  if (!m) return null;
  const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "0", zone = "Z"] = m;
  const isRealDay = (() => {
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
  })();
  if (!isRealDay || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  const offset = zone.toUpperCase() === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  if (offset !== "Z" && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(-2)) > 59)) return null;
  const millis = fraction.padEnd(3, "0").slice(0, 3);
  const instant = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** What to say when an option wants an instant and got something else. */
export const isoInstantProblem = (option: string, example: string): string =>
  `${option} must be an ISO 8601 date or date-time, such as ${example.slice(0, 10)} or ${example} (a time without a zone is UTC)`;
