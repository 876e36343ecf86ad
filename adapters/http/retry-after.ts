/**
 * The `Retry-After` header (RFC 9110 §10.2.3), as any service we call may send it with a 429 or 503:
 * delay-seconds or an HTTP-date. Read as a bare number, a date becomes NaN and the wait the service
 * asked for is lost.
 */

/** IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) and the obsolete RFC 850 form both name the zone. */
const ZONED_DATE = /^[A-Za-z]{3,9}, [\dA-Za-z -]+ \d\d:\d\d:\d\d GMT$/;
/** The obsolete asctime form (`Sun Nov  6 08:49:37 1994`) has none; HTTP means GMT, never local time. */
const ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

function httpDate(value: string): number {
  if (ZONED_DATE.test(value)) return Date.parse(value);
  if (ASCTIME_DATE.test(value)) return Date.parse(`${value} GMT`);
  return Number.NaN;
}

/**
 * How long to wait, in milliseconds from `now`; undefined when the header is absent or unreadable, so
 * each caller keeps its own default. A date already past means no wait (0), never a negative one.
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = httpDate(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
