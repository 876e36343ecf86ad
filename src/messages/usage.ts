/** What is said of a secret's use in reminders, the channel digest and `expiring`: one label, the same everywhere. */
import type { Calendar } from "../calendar.js";
import type { SecretUse } from "../usage.js";
import { ago } from "./format.js";

const from = (address: string | null) => (address ? ` from ${address}` : "");

/** "in use (last used 4 minutes ago from 10.1.2.3)", "unused since 2027-01-05", "never used", "usage unknown". */
export function useLabel(use: SecretUse, calendar: Calendar): string {
  switch (use.kind) {
    case "in-use":
      return `in use (last used ${ago(use.lastUsedAt, calendar.now)}${from(use.lastUsedFrom)})`;
    case "unused":
      return use.since ? `unused since ${calendar.dateOf(use.since)}` : "never used";
    case "unknown":
      return "usage unknown";
  }
}

/** "last used 4 minutes ago from 10.1.2.3", or "never used". */
export const lastUsedPhrase = (use: { lastUsedAt: Date | null; lastUsedFrom: string | null }, now: Date): string =>
  use.lastUsedAt ? `last used ${ago(use.lastUsedAt, now)}${from(use.lastUsedFrom)}` : "never used";
