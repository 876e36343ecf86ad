/**
 * Standard Webhooks signing: a subscription's `whsec_` secret (24 random bytes, base64), the
 * `v1,<base64 HMAC-SHA256>` signature over `<id>.<timestamp>.<body>`, and how the secret is kept. It
 * must be kept to sign, so it cannot be hashed as client secrets are; it is sealed with AES-256-GCM
 * under a key derived from the pepper (as the token-signing keys are), so a copy of the database alone
 * does not give it away, and it is shown once, at `webhook add`.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

/** A new signing secret in the Standard Webhooks format. */
export const newSigningSecret = (): string => `${PREFIX}${randomBytes(24).toString("base64")}`;

/** The `webhook-signature` header's value for one message. */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

const sealingKey = (pepper: Buffer): Buffer =>
  Buffer.from(hkdfSync("sha256", pepper, "secret-steward", "webhook-secret-seal", 32));

/** The secret sealed for the database: `iv.tag.body`, base64url. */
export function sealSigningSecret(pepper: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(pepper), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

/** The secret back from the database; throws when it was sealed under another pepper or is damaged. */
export function openSigningSecret(pepper: Buffer, sealed: string): string {
  const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  if (!iv || !tag || !body) throw new Error("the webhook's signing secret in the database is damaged");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(pepper), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}
