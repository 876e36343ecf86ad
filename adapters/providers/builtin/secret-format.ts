/**
 * Built-in client secrets: `sst_` + 256 random bits in base62 (43 characters) + a 6-character base62
 * CRC32 of that body. The fixed prefix and checksum let secret scanners recognise a leaked value with
 * no false positives; the checksum also rejects typos without touching the database.
 */
import { createHmac, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

export const SECRET_PREFIX = "sst_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
const SECRET_PATTERN = new RegExp(`^${SECRET_PREFIX}[0-9A-Za-z]{${BODY_LENGTH + CHECKSUM_LENGTH}}$`);

function base62(value: bigint, width: number): string {
  let out = "";
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[Number(rest % 62n)] + out;
    rest /= 62n;
  }
  return out;
}

/** The checksum: a CRC32 (32 bits) fits a Number, so it is written without BigInt (checked on every token request). */
function checksum(body: string): string {
  let out = "";
  let rest = crc32(body);
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

/** A new secret value and its hint (the prefix and the first 3 characters after it). */
export function generateSecret(): { value: string; hint: string } {
  const body = base62(BigInt(`0x${randomBytes(32).toString("hex")}`), BODY_LENGTH);
  const value = `${SECRET_PREFIX}${body}${checksum(body)}`;
  return { value, hint: hintOf(value) };
}

export const hintOf = (value: string): string => value.slice(0, SECRET_PREFIX.length + 3);

/** True when the value has the built-in format and its checksum matches. Says nothing about validity. */
export function hasValidChecksum(value: string): boolean {
  if (!SECRET_PATTERN.test(value)) return false;
  const body = value.slice(SECRET_PREFIX.length, SECRET_PREFIX.length + BODY_LENGTH);
  return value.endsWith(checksum(body));
}

/** Keyed SHA-256 of a value: what is stored instead of the value. A fast hash suffices for 256 random bits. */
export const hashSecret = (pepper: Buffer, value: string): Buffer =>
  createHmac("sha256", pepper).update(value).digest();
