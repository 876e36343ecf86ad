/** The outbox keeps delivered rows for a month, and undelivered or failed ones until they are dealt with. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deliverOutbox } from "../../../src/outbox/deliver-outbox.js";
import { recordNotices, toPerson } from "../../../src/outbox/notices.js";
import { pruneOutbox } from "../../../src/outbox/prune-outbox.js";
import { reply } from "../../../src/reply.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";

const DAY = 86_400_000;

describe("pruning the outbox", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await testRuntime();
  });
  afterEach(() => rt.cleanup());

  const notice = (key: string) => ({
    key,
    type: "grant.ending",
    recipient: "ann@partner-nl.org",
    to: toPerson("ann@partner-nl.org"),
    reply: reply("warning", "⚠️ ends soon"),
    subject: "ends soon",
  });

  it("removes delivered notices after thirty days and keeps what was not delivered", async () => {
    await recordNotices(rt, [notice("old")], rt.clock.now());
    expect(await deliverOutbox(rt)).toMatchObject({ sent: 1 }); // printed: SMTP_URL is unset
    const [pending] = await recordNotices(rt, [notice("waiting")], new Date(rt.clock.now().getTime() + DAY));
    expect(pending).toBeDefined();

    rt.clock.advance(30 * DAY - 1);
    expect(await pruneOutbox(rt.db, rt.clock.now())).toBe(0);
    rt.clock.advance(2);
    expect(await pruneOutbox(rt.db, rt.clock.now())).toBe(1);
    const left = await rt.db.select().from(rt.db.t.outbox);
    expect(left.map((r) => [r.key, r.status])).toEqual([["waiting", "pending"]]);
  });
});
