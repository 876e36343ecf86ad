/**
 * The Bot Framework's signing keys, found through its OpenID configuration and kept in memory. A key id
 * the set does not hold causes at most one refresh per cooldown (and never two at once); a failed
 * refresh backs off exponentially; a held set is refreshed once a day. So tokens with made-up key ids
 * cost Microsoft (and this process) at most one pair of requests per cooldown, however many arrive.
 */
import type { JWK } from "jose";
import { z } from "zod";
import type { Logger } from "../../src/log.js";

const OpenIdConfiguration = z.object({ jwks_uri: z.url({ protocol: /^https?$/ }) });
const KeySet = z.object({
  keys: z.array(
    z.looseObject({ kid: z.string().min(1), kty: z.string(), endorsements: z.array(z.string()).optional() }),
  ),
});

/** A published key; `endorsements` lists the channels (e.g. msteams) it may sign for. */
export type PublishedKey = JWK & { kid: string; endorsements?: string[] };

export type KeySetTiming = {
  /** After a refresh, an unknown key id waits this long before the next one. */
  cooldownMs: number;
  /** A set older than this is refreshed before use (kept if the refresh fails). */
  maxAgeMs: number;
  /** First wait after a failed refresh; doubled for each further failure, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** How long one request to Microsoft may take. */
  timeoutMs: number;
};

export const defaultKeySetTiming: KeySetTiming = {
  cooldownMs: 5 * 60_000,
  maxAgeMs: 24 * 60 * 60_000,
  backoffMs: 5_000,
  maxBackoffMs: 10 * 60_000,
  timeoutMs: 5_000,
};

async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

export class SigningKeySet {
  private keys = new Map<string, PublishedKey>();
  private jwksUri: string | undefined;
  private fetchedAt = 0;
  private nextRefreshAt = 0;
  private failures = 0;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly openIdMetadataUrl: string,
    private readonly log: Logger,
    private readonly timing: KeySetTiming = defaultKeySetTiming,
    private readonly now: () => number = Date.now,
  ) {}

  /** The published key with this id, refreshing the set first when that is due and allowed. */
  async key(kid: string): Promise<PublishedKey | undefined> {
    const held = this.keys.get(kid);
    const isStale = this.now() - this.fetchedAt > this.timing.maxAgeMs;
    if (held && !isStale) return held;
    if (this.now() < this.nextRefreshAt) return held;
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
    return this.keys.get(kid);
  }

  private async refresh(): Promise<void> {
    try {
      // The configuration names where the keys are; it is asked again with the keys once a day.
      if (!this.jwksUri || this.now() - this.fetchedAt > this.timing.maxAgeMs) {
        this.jwksUri = OpenIdConfiguration.parse(await getJson(this.openIdMetadataUrl, this.timing.timeoutMs)).jwks_uri;
      }
      const set = KeySet.parse(await getJson(this.jwksUri, this.timing.timeoutMs));
      this.keys = new Map(set.keys.map((key) => [key.kid, key as PublishedKey]));
      this.fetchedAt = this.now();
      this.failures = 0;
      this.nextRefreshAt = this.now() + this.timing.cooldownMs;
    } catch (error) {
      this.failures += 1;
      const wait = Math.min(this.timing.backoffMs * 2 ** (this.failures - 1), this.timing.maxBackoffMs);
      this.nextRefreshAt = this.now() + wait;
      this.log.warn(
        { err: { message: (error as Error).message }, retryInMs: wait, url: this.openIdMetadataUrl },
        "could not fetch the Bot Framework's signing keys; requests from Teams are refused until they come",
      );
    }
  }
}
