/** Shared formatting of dates, durations and secret status, identical on every surface. */
import type { Calendar } from "../calendar.js";

export const DAY_MS = 86_400_000;

/** YYYY-MM-DD in UTC (records such as audit details; what people read uses the Calendar's dates). */
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

/** YYYY-MM-DD HH:MM UTC. */
export const isoMinute = (date: Date): string => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** "expires today", "expires tomorrow", "expires in 7 days", "has expired", "expired yesterday", "expired 3 days ago". */
export function expiryPhrase(expiresAt: Date, calendar: Calendar): string {
  const days = calendar.daysUntil(expiresAt);
  if (expiresAt.getTime() <= calendar.now.getTime()) {
    if (days >= 0) return "has expired";
    return days === -1 ? "expired yesterday" : `expired ${plural(-days, "day")} ago`;
  }
  if (days === 0) return "expires today";
  return days === 1 ? "expires tomorrow" : `expires in ${plural(days, "day")}`;
}

/** ✅ active · ⚠️ expires in 3 days · ❌ expired */
export function statusLabel(expiresAt: Date, calendar: Calendar): string {
  const status = calendar.status(expiresAt);
  if (status === "expired") return "❌ expired";
  if (status === "expiring") return `⚠️ ${expiryPhrase(expiresAt, calendar)}`;
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

/** Echoing what someone typed back in a message: at most ECHO_MAX characters, cut with "…". */
export const ECHO_MAX = 40;
export const echo = (raw: string): string => (raw.length <= ECHO_MAX ? raw : `${raw.slice(0, ECHO_MAX - 1)}…`);

/** "ask an administrator (a@…, b@…)", or without names when none is known. */
export const askAdmins = (admins: string[]): string =>
  admins.length > 0 ? `ask an administrator (${list(admins)})` : "ask your administrator";

/** What a role lets its holder do: "manage" or "view". */
export const roleVerb = (role: string): string => (role === "manager" ? "manage" : "view");
