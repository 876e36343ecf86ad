/**
 * A time-bound grant (`--for`) stops counting the instant it ends — not when a job gets round to it —
 * so every query that asks what a person may do keeps only the grants active at `now`.
 */
import { gt, isNull, or, type SQL } from "drizzle-orm";
import type { Schema } from "../db/database.js";

export const isActiveGrant = (accessGrants: Schema["accessGrants"], now: Date): SQL | undefined =>
  or(isNull(accessGrants.endsAt), gt(accessGrants.endsAt, now));
