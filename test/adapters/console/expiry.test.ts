/**
 * One expiry rule, typed in the console: a date lasts through the end of that day in REMINDER_TIMEZONE,
 * `90d` is the date 90 days from today, and the default is the latest date, today plus the maximum
 * lifetime in whole days — so the default and that date typed give the same instant, the end of a day.
 */
import { Readable, Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runConsole } from "../../../adapters/console/repl.js";
import { FixedClock } from "../../fakes/fixed-clock.js";
import { type TestRuntime, testRuntime } from "../../helpers/runtime.js";
import { MANAGER, seedPartner } from "../../helpers/seed.js";

const APP = "Partner-NL-Search";

describe("the expiry of a new secret, typed in the console", () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    // 02:08 UTC on 7 December is 15:08 the same day in Auckland (UTC+13 in summer, +12 in winter).
    rt = await testRuntime({
      env: { REMINDER_TIMEZONE: "Pacific/Auckland", SECRET_MAX_ACTIVE: "10" },
      clock: new FixedClock("2026-12-07T02:08:00Z"),
    });
    await seedPartner(rt.operator);
  });
  afterEach(async () => {
    await rt.cleanup();
  });

  async function typed(lines: string[]): Promise<string> {
    let output = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        output += chunk.toString();
        done();
      },
    });
    await runConsole(rt, {
      email: MANAGER,
      input: Readable.from([`${lines.join("\n")}\n`]),
      output: sink,
      isTTY: false,
    });
    return output;
  }

  it("ends every expiry at the end of a day in REMINDER_TIMEZONE, the default and the latest date alike", async () => {
    const out = await typed([
      `create ${APP} --name Default`,
      `create ${APP} --name Latest --expires 2027-12-07`,
      `create ${APP} --name Ninety --expires 90d`,
      `create ${APP} --name Winter --expires 2027-07-01`,
      `create ${APP} --name Late --expires 2027-12-08`,
      `create ${APP} --name Long --expires 366d`,
    ]);
    const rows = await rt.db.select().from(rt.db.t.clientSecrets);
    const expiry = Object.fromEntries(rows.map((r) => [r.displayName, r.expiresAt.toISOString()]));
    expect(expiry).toEqual({
      Default: "2027-12-07T10:59:59.000Z", // 23:59:59 on 7 December 2027 in Auckland (NZDT, +13)
      Latest: "2027-12-07T10:59:59.000Z",
      Ninety: "2027-03-07T10:59:59.000Z",
      Winter: "2027-07-01T11:59:59.000Z", // NZST, +12
    });
    expect(out).toContain("❌ A secret can live at most 365 days: choose 2027-12-07 or earlier");
    expect(out.match(/at most 365 days/g)).toHaveLength(2);
  });
});
