/**
 * The built-in provider's token issuer (RFC 6749 §4.4 client credentials, RFC 9068 JWT access tokens).
 * Client authentication compares keyed hashes in constant time; nothing here writes to the database on
 * the hot path (last use is batched).
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import type { Db } from "../../../db/database.js";
import type { Clock } from "../../../src/ports/clock.js";
import { type CachedClient, ClientCache, type TokenClient } from "./client-cache.js";
import { Es256Signer } from "./es256-signer.js";
import type { LastUsedRecorder } from "./last-used.js";
import { hashSecret, hasValidChecksum } from "./secret-format.js";
import type { SigningKey } from "./signing-keys.js";

export type { TokenClient };
export type IssuedToken = { access_token: string; token_type: "Bearer"; expires_in: number; scope?: string };
export type ScopeResult = { ok: true; scopes: string[] } | { ok: false };

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The unexpired secret of `client` whose hash is `presented`; every candidate compared in constant time. */
function matchOf(client: CachedClient | null, presented: Buffer, now: number): number | null {
  let matchId: number | null = null;
  for (const candidate of client?.secrets ?? []) {
    if (candidate.expiresAt <= now || candidate.hash.length !== presented.length) continue;
    if (timingSafeEqual(candidate.hash, presented)) matchId = candidate.id;
  }
  return matchId;
}

export class TokenService {
  private readonly clients: ClientCache;
  /** The JWS header is the same for every token. */
  private readonly header: string;
  private readonly signer: Es256Signer;

  constructor(
    db: Db,
    private readonly pepper: Buffer,
    key: SigningKey,
    private readonly clock: Clock,
    private readonly lastUsed: LastUsedRecorder,
    private readonly issuer: string,
    private readonly ttlSeconds: number,
  ) {
    this.clients = new ClientCache(db);
    this.header = b64url({ alg: "ES256", typ: "at+jwt", kid: key.kid });
    this.signer = new Es256Signer(key.privateKey);
  }

  /** Stops the signing thread (with the server). */
  stop(): Promise<void> {
    return this.signer.stop();
  }

  /**
   * The application whose unexpired secret this is, or null. Deleted and expired secrets fail at once.
   * A use is noted with the caller's address (`from`), as evidence for rotations.
   */
  async authenticate(clientId: string, secret: string, from: string | null = null): Promise<TokenClient | null> {
    if (!hasValidChecksum(secret)) return null;
    // Hashed before the lookup so an unknown client_id costs the same as a known one.
    const presented = hashSecret(this.pepper, secret);
    const now = this.clock.now().getTime();
    let client = await this.clients.get(clientId);
    let matchId = matchOf(client, presented, now);
    if (matchId === null) {
      // A secret created a moment ago on another replica, whose notice is still on its way, is not in
      // memory yet: a refusal is checked once more against the database — at most once a second per
      // client_id (see reload), and an unknown client_id is treated like a known one.
      client = await this.clients.reload(clientId);
      matchId = matchOf(client, presented, now);
    }
    if (!client || matchId === null) return null;
    this.lastUsed.touch(matchId, now, from);
    return client.app;
  }

  /** Requested scopes must each be one of the application's APIs; none requested means all of them. */
  resolveScopes(client: TokenClient, requested: string | undefined): ScopeResult {
    if (requested === undefined) return { ok: true, scopes: client.apis };
    const scopes = [...new Set(requested.split(" ").filter(Boolean))];
    if (scopes.length === 0 || scopes.some((s) => !client.apis.includes(s))) return { ok: false };
    return { ok: true, scopes };
  }

  /**
   * Signs an `at+jwt` access token for the client and calls `done` with it. The signature is computed
   * on the signing thread (es256-signer.ts), so the event loop keeps reading other requests meanwhile.
   */
  issue(client: TokenClient, scopes: string[], done: (error: Error | null, token?: IssuedToken) => void): void {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const payload = b64url({
      iss: this.issuer,
      sub: client.clientId,
      aud: scopes.length === 0 ? this.issuer : scopes.length === 1 ? scopes[0] : scopes,
      client_id: client.clientId,
      iat,
      nbf: iat,
      exp: iat + this.ttlSeconds,
      jti: randomUUID(),
      ...(scopes.length > 0 ? { scope: scopes.join(" ") } : {}),
    });
    const input = `${this.header}.${payload}`;
    this.signer.sign(input, (error, signature) => {
      if (error) {
        done(error);
        return;
      }
      const token: IssuedToken = {
        access_token: `${input}.${signature}`,
        token_type: "Bearer",
        expires_in: this.ttlSeconds,
      };
      if (scopes.length > 0) token.scope = scopes.join(" ");
      done(null, token);
    });
  }
}
