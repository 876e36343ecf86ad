/**
 * ES256 token-signing keys. Generated once and kept in the database so tokens stay valid across
 * restarts; the private key is sealed with AES-256-GCM under a key derived from the pepper, so a copy
 * of the database alone cannot forge tokens.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  hkdfSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import { asc, isNull } from "drizzle-orm";
import type { Db } from "../../../db/database.js";

export type SigningKey = { kid: string; privateKey: KeyObject; publicJwk: JsonWebKey };

const sealingKey = (pepper: Buffer): Buffer =>
  Buffer.from(hkdfSync("sha256", pepper, "secret-steward", "signing-key-seal", 32));

function seal(pepper: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(pepper), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

function unseal(pepper: Buffer, sealed: string): string {
  const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  if (!iv || !tag || !body) throw new Error("a signing key in the database is damaged");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(pepper), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
}

/** RFC 7638 thumbprint of an EC public key: a stable kid. */
const thumbprint = (jwk: JsonWebKey): string =>
  createHash("sha256")
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    .digest("base64url");

/**
 * The current signing key: the oldest unretired one, generated on first use. Replicas starting together
 * on an empty database may each insert one; all then use the same (the oldest), and every replica's
 * JWKS lists them all.
 */
export async function loadSigningKey(db: Db, pepper: Buffer): Promise<SigningKey> {
  const existing = await oldestKey(db);
  if (existing) return openKey(existing, pepper);
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const publicJwk = publicKey.export({ format: "jwk" });
  const kid = thumbprint(publicJwk);
  const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  await db.transaction((tx) =>
    tx
      .insert(db.t.signingKeys)
      .values({ kid, alg: "ES256", publicJwk: { ...publicJwk }, privateKeyEnc: seal(pepper, pem) })
      .onConflictDoNothing(),
  );
  const chosen = await oldestKey(db);
  if (!chosen) throw new Error("the token-signing key was not stored");
  return openKey(chosen, pepper);
}

async function oldestKey(db: Db) {
  const { signingKeys } = db.t;
  const [row] = await db
    .select()
    .from(signingKeys)
    .where(isNull(signingKeys.retiredAt))
    .orderBy(asc(signingKeys.createdAt), asc(signingKeys.kid))
    .limit(1);
  return row;
}

function openKey(
  existing: { kid: string; privateKeyEnc: string; publicJwk: Record<string, unknown> },
  pepper: Buffer,
): SigningKey {
  try {
    const privateKey = createPrivateKey(unseal(pepper, existing.privateKeyEnc));
    return { kid: existing.kid, privateKey, publicJwk: existing.publicJwk as JsonWebKey };
  } catch (error) {
    throw new Error(
      "the token-signing key cannot be opened with this pepper; restore the pepper file (or STEWARD_PEPPER) that belongs to this database",
      { cause: error },
    );
  }
}

/** Every unretired public key, for the JWKS document. */
export async function publicKeys(db: Db): Promise<JsonWebKey[]> {
  const { signingKeys } = db.t;
  const rows = await db.select().from(signingKeys).where(isNull(signingKeys.retiredAt));
  return rows.map((k) => ({ ...(k.publicJwk as JsonWebKey), kid: k.kid, alg: k.alg, use: "sig" }));
}
