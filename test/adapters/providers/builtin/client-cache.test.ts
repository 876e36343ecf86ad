/**
 * The token endpoint's client cache, on a real database: a change to one client drops that client's
 * entry, and on PostgreSQL nothing else — not on the replica that committed, not on another replica,
 * and not at all for a commit that touches no client (a chat click, an identity refresh). On SQLite
 * any commit drops everything, which is all a single file can tell.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { ClientCache } from "../../../../adapters/providers/builtin/client-cache.js";
import { LastUsedRecorder } from "../../../../adapters/providers/builtin/last-used.js";
import { generateSecret } from "../../../../adapters/providers/builtin/secret-format.js";
import { loadSigningKey } from "../../../../adapters/providers/builtin/signing-keys.js";
import { TokenService } from "../../../../adapters/providers/builtin/token-service.js";
import type { Db } from "../../../../db/database.js";
import { addApplication } from "../../../../src/verbs/add-application.js";
import { createClientSecret } from "../../../../src/verbs/create-client-secret.js";
import { isPostgres } from "../../../helpers/database.js";
import { type TestRuntime, testRuntime } from "../../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../../helpers/seed.js";

describe("the token endpoint's client cache", () => {
  const runtimes: TestRuntime[] = [];
  afterEach(async () => {
    for (const rt of runtimes.splice(0).reverse()) await rt.cleanup();
  });

  /**
   * Partner NL with two applications and a secret; the clientIds. On PostgreSQL it waits until each of
   * `followers` has heard the three client changes, so none arrives later and looks like a new one.
   */
  async function twoClients(rt: TestRuntime, followers: TestRuntime[] = [rt]) {
    // As a server does when it starts: follow other processes' changes from here on.
    for (const f of followers) await f.db.changes.follow();
    const starts = followers.map((f) => f.db.changes.followed());
    const { app, org } = await seedPartner(rt.operator);
    const other = await addApplication(rt.operator, { name: "Partner-NL-Match", organisation: org.name, apis: [] });
    const ann = await rt.as(MANAGER);
    await createClientSecret(ann, { application: app.name });
    if (isPostgres) {
      for (const [i, f] of followers.entries()) {
        await expect.poll(() => f.db.changes.followed(), { timeout: 2_000, interval: 5 }).toBe((starts[i] ?? 0) + 3);
      }
    }
    return { search: app.clientId, match: other.clientId };
  }

  /** Writes that touch no client: a person's row, as a first command and an identity refresh write it. */
  async function newcomerWrites(rt: TestRuntime) {
    const { people } = rt.db.t;
    await rt.db.transaction((tx) => tx.insert(people).values({ email: "newcomer@partner-nl.org" }));
    await rt.db.transaction((tx) =>
      tx.update(people).set({ displayName: "Newcomer" }).where(eq(people.email, "newcomer@partner-nl.org")),
    );
  }

  it("drops a changed client's entry at once on the process that committed the change", async () => {
    const rt = await testRuntime();
    runtimes.push(rt);
    const { search } = await twoClients(rt);
    const cache = new ClientCache(rt.db);
    expect((await cache.get(search))?.secrets).toHaveLength(1);
    expect(cache.has(search)).toBe(true);
    await createClientSecret(await rt.as(MANAGER), { application: "Partner-NL-Search" });
    expect(cache.has(search)).toBe(false);
    expect((await cache.get(search))?.secrets).toHaveLength(2);
  });

  it.runIf(isPostgres)(
    "keeps other clients' entries, here and on another replica, and keeps everything for a commit that touches no client",
    async () => {
      const here = await testRuntime();
      runtimes.push(here);
      const there = await testRuntime({ database: here.database });
      runtimes.push(there);
      const { search, match } = await twoClients(here, [here, there]);
      const caches = [new ClientCache(here.db), new ClientCache(there.db)];
      for (const cache of caches) {
        await cache.get(search);
        await cache.get(match);
        await cache.get("no-such-client");
      }

      // A newcomer's first command and an identity refresh write, but touch no client.
      const followed = there.db.changes.followed();
      await newcomerWrites(here);
      // A change to one client: notifications arrive in commit order, so once the other replica has
      // followed this one, it would have heard anything the writes before it sent.
      await createClientSecret(await here.as(MANAGER), { application: "Partner-NL-Search" });
      await expect.poll(() => there.db.changes.followed(), { timeout: 2_000, interval: 5 }).toBe(followed + 1);

      for (const cache of caches) {
        expect(cache.has(search)).toBe(false);
        expect(cache.has(match)).toBe(true);
        expect(cache.has("no-such-client")).toBe(true);
        expect((await cache.get(search))?.secrets).toHaveLength(2);
      }
    },
  );

  it.runIf(!isPostgres)("drops every entry on SQLite whenever anything is committed", async () => {
    const rt = await testRuntime();
    runtimes.push(rt);
    const { search, match } = await twoClients(rt);
    const cache = new ClientCache(rt.db);
    await cache.get(search);
    await cache.get(match);
    await newcomerWrites(rt);
    expect([cache.has(search), cache.has(match)]).toEqual([false, false]);
  });
});

describe("a token request whose secret memory does not know yet", () => {
  it("is checked once more against the database, so a secret made a moment ago elsewhere works at once, and guesses cost no read each", async () => {
    const rt = await testRuntime();
    try {
      const { app } = await seedPartner(rt.operator);
      const first = await createClientSecret(await rt.as(MANAGER), { application: app.name });
      // This replica hears of no change at all, as when a notice is still on its way; its reads are counted.
      let reads = 0;
      const deaf: Db = new Proxy(rt.db, {
        get: (target, prop, receiver) => {
          if (prop === "changes")
            return {
              current: () => "still",
              onClientChange: () => () => {},
              followed: () => 0,
              follow: async () => {},
            };
          if (prop === "select") reads++;
          return Reflect.get(target, prop, receiver);
        },
      });
      const tokens = new TokenService(
        deaf,
        rt.pepper,
        await loadSigningKey(rt.db, rt.pepper),
        rt.clock,
        new LastUsedRecorder(rt.db, rt.log),
        rt.config.publicUrl,
        rt.config.tokenTtlSeconds,
      );
      expect((await tokens.authenticate(app.clientId, first.value))?.clientId).toBe(app.clientId);
      const second = await createClientSecret(await rt.as(MANAGER), { application: app.name });
      expect((await tokens.authenticate(app.clientId, second.value))?.clientId).toBe(app.clientId);
      // Guesses (well-formed, so they get as far as the lookup) cost at most one more read a second.
      const before = reads;
      for (let i = 0; i < 20; i++) {
        expect(await tokens.authenticate(app.clientId, generateSecret().value)).toBeNull();
      }
      expect(reads - before).toBeLessThanOrEqual(2);
    } finally {
      await rt.cleanup();
    }
  });
});
