/**
 * Keeps each client's application and secret hashes in memory for the token endpoint's hot path.
 * The cache is dropped whenever the database changed — by this process (`total_changes()`) or by any
 * other, such as the CLI (`PRAGMA data_version`) — so a deleted secret fails on the very next request.
 */
import type { Statement } from "better-sqlite3";
import type { Db } from "../../../db/client.js";

export type TokenClient = { id: number; clientId: string; apis: string[] };
export type CachedSecret = { id: number; hash: Buffer; expiresAt: number };
export type CachedClient = { app: TokenClient; secrets: CachedSecret[] };

export class ClientCache {
  private entries = new Map<string, CachedClient | null>();
  private version = "";
  private readonly versionOf: Statement<[], [number, number]>;
  private readonly findApp: Statement<[string], { id: number; client_id: string; apis: string }>;
  private readonly findSecrets: Statement<[number], { id: number; hash: string; expires_at: number }>;

  constructor(
    db: Db,
    private readonly maxEntries = 10_000,
  ) {
    this.versionOf = db.$client
      .prepare<[], [number, number]>("select (select data_version from pragma_data_version()), total_changes()")
      .raw();
    this.findApp = db.$client.prepare(
      "select id, client_id, apis from applications where client_id = ? and provider = 'builtin'",
    );
    this.findSecrets = db.$client.prepare(
      "select id, hash, expires_at from client_secrets where application_id = ? and hash is not null",
    );
  }

  /** The client with every secret it has (expired ones too: callers compare with their own now). */
  get(clientId: string): CachedClient | null {
    const [dataVersion, changes] = this.versionOf.get()!;
    const version = `${dataVersion}:${changes}`;
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    const cached = this.entries.get(clientId);
    if (cached !== undefined) return cached;
    const row = this.findApp.get(clientId);
    const client = row
      ? {
          app: { id: row.id, clientId: row.client_id, apis: JSON.parse(row.apis) as string[] },
          secrets: this.findSecrets
            .all(row.id)
            .map((s) => ({ id: s.id, hash: Buffer.from(s.hash, "hex"), expiresAt: s.expires_at })),
        }
      : null;
    // Unknown client ids are cached too (an attacker's guesses cost no query), within a bound.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(clientId, client);
    return client;
  }
}
