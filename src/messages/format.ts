/** Shared formatting of dates, durations and secret status, identical on every surface. */

export const DAY_MS = 86_400_000;
/** A secret expiring in less than this is marked ⚠️ (the source service's one month). */
export const EXPIRING_WITHIN_DAYS = 30;

export type SecretStatus = "active" | "expiring" | "expired";

/** YYYY-MM-DD in UTC. */
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

/** YYYY-MM-DD HH:MM UTC. */
export const isoMinute = (date: Date): string => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** Whole days from now until the date, rounded up (a secret expiring in 2 hours has 1 day left). */
export const daysLeft = (expiresAt: Date, now: Date): number =>
  Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS);

export function secretStatus(expiresAt: Date, now: Date): SecretStatus {
  const ms = expiresAt.getTime() - now.getTime();
  if (ms <= 0) return "expired";
  return ms < EXPIRING_WITHIN_DAYS * DAY_MS ? "expiring" : "active";
}

export function statusLabel(expiresAt: Date, now: Date): string {
  const status = secretStatus(expiresAt, now);
  if (status === "expired") return "❌ expired";
  const days = daysLeft(expiresAt, now);
  if (status === "expiring") return `⚠️ expires in ${plural(days, "day")}`;
  return "✅ active";
}

/** How long ago, in the largest whole unit: "just now", "5 minutes ago", "2 hours ago", "3 days ago". */
export function ago(then: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${plural(minutes, "minute")} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${plural(hours, "hour")} ago`;
  return `${plural(Math.floor(hours / 24), "day")} ago`;
}

export const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

export const list = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
