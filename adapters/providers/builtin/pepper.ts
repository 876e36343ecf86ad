/**
 * The server-side key for hashing built-in secrets and sealing signing keys: STEWARD_PEPPER, or a random
 * one generated on first start and kept beside the database (mode 0600). Losing it invalidates every
 * built-in secret, so `steward backup` reminds the operator to keep it too.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export const pepperPathFor = (databasePath: string): string => `${databasePath}.pepper`;

export function loadPepper(configured: string | undefined, databasePath: string): Buffer {
  if (configured) return Buffer.from(configured, "utf8");
  if (databasePath === ":memory:") return randomBytes(32);
  const path = pepperPathFor(databasePath);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileSync(path, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const text = readFileSync(path, "utf8").trim();
  if (text.length < 32) throw new Error(`${path} is too short to be a pepper; restore it from your backup`);
  return Buffer.from(text, "utf8");
}
