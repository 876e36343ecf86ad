import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultKeySetTiming, SigningKeySet } from "../../../adapters/teams/signing-key-set.js";
import { createLogger } from "../../../src/log.js";
import { FakeBotConnector } from "../../fakes/fake-bot-connector.js";

describe("the Bot Framework's signing keys, as the bot keeps them", () => {
  let fake: FakeBotConnector;
  let now = 0;
  let logLines: string[];
  const hits = () => fake.callsOf("openid").length + fake.callsOf("keys").length;
  const keySet = () =>
    new SigningKeySet(
      fake.openIdMetadataUrl,
      createLogger({
        level: "warn",
        destination: new Writable({
          write(chunk, _enc, done) {
            logLines.push(chunk.toString());
            done();
          },
        }),
      }),
      defaultKeySetTiming,
      () => now,
    );

  beforeEach(async () => {
    fake = new FakeBotConnector();
    await fake.start();
    now = 1_000_000;
    logLines = [];
  });
  afterEach(() => fake.stop());

  it("reads the keys through the OpenID configuration once and keeps them", async () => {
    const keys = keySet();
    expect((await keys.key(fake.keys.kid))?.kty).toBe("RSA");
    expect(await keys.key(fake.keys.kid)).toBeDefined();
    expect([fake.callsOf("openid").length, fake.callsOf("keys").length]).toEqual([1, 1]);
    // An unknown key id right after a refresh waits for the cooldown; after it, one refresh.
    expect(await keys.key("rotated-in")).toBeUndefined();
    expect(hits()).toBe(2);
    now += defaultKeySetTiming.cooldownMs + 1;
    expect(await keys.key("rotated-in")).toBeUndefined();
    expect(fake.callsOf("keys")).toHaveLength(2);
    // A day later the held set is refreshed, configuration included.
    now += defaultKeySetTiming.maxAgeMs + 1;
    expect(await keys.key(fake.keys.kid)).toBeDefined();
    expect([fake.callsOf("openid").length, fake.callsOf("keys").length]).toEqual([2, 3]);
  });

  it("asks once for many requests at the same moment", async () => {
    const keys = keySet();
    await Promise.all(Array.from({ length: 20 }, () => keys.key(fake.keys.kid)));
    expect(hits()).toBe(2);
  });

  it("backs off after a failed fetch, doubling the wait, and logs a warning without the response", async () => {
    fake.script("openid", { status: 503 }).script("openid", { status: 503 });
    const keys = keySet();
    expect(await keys.key(fake.keys.kid)).toBeUndefined();
    expect(hits()).toBe(1);
    now += defaultKeySetTiming.backoffMs - 1;
    expect(await keys.key(fake.keys.kid)).toBeUndefined();
    expect(hits()).toBe(1);
    now += 1;
    expect(await keys.key(fake.keys.kid)).toBeUndefined();
    expect(hits()).toBe(2);
    now += 2 * defaultKeySetTiming.backoffMs - 1;
    expect(await keys.key(fake.keys.kid)).toBeUndefined();
    expect(hits()).toBe(2);
    now += 1;
    expect(await keys.key(fake.keys.kid)).toBeDefined();
    expect(hits()).toBe(4);
    expect(logLines).toHaveLength(2);
    expect(logLines[0]).toContain("could not fetch the Bot Framework's signing keys");
  });
});
