/**
 * The change signal on PostgreSQL: it listens only once something asks it, and its fallback, a change
 * whose notification never came, is still seen at the next read of the version row. The opener sets
 * how often that is; here 20 ms, so the test waits for the signal to move rather than for the 200 ms
 * default.
 */
import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/open.js";
import { tempDir } from "../helpers/config.js";
import { isPostgres, testDatabase } from "../helpers/database.js";
import { queryOn } from "../helpers/postgres-cluster.js";

describe.runIf(isPostgres)("the PostgreSQL change signal", () => {
  it("listens only once asked: a database opened by a command or a console holds no listening connection", async () => {
    const dir = tempDir();
    const database = await testDatabase(dir);
    const url = database.env.DATABASE_URL ?? "";
    const db = await openDatabase({ databasePath: "", databaseUrl: url }, { changePollMs: 20 });
    const listening = async () => {
      const [result] = await queryOn(
        url,
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'secret-steward-listen'",
      );
      return Number((result?.rows[0] as { n?: number } | undefined)?.n ?? -1);
    };
    try {
      expect(await listening()).toBe(0);
      // The first look at the signal starts following; until the version row is read, nothing is vouched for.
      expect(db.changes.current()).toBeNull();
      await expect.poll(() => db.changes.current(), { timeout: 2_000, interval: 5 }).not.toBeNull();
      expect(await listening()).toBe(1);
      await db.changes.follow();
      expect(await listening()).toBe(1);
    } finally {
      await db.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("sees a change that sent no notification at its next read of the version row", async () => {
    const dir = tempDir();
    const database = await testDatabase(dir);
    const url = database.env.DATABASE_URL ?? "";
    const db = await openDatabase({ databasePath: "", databaseUrl: url }, { changePollMs: 20 });
    try {
      await db.changes.follow();
      const before = db.changes.current();
      expect(before).not.toBeNull();
      // Straight to the version row from another connection: no trigger runs, so nothing is NOTIFYed.
      await queryOn(url, "update change_versions set version = version + 1 where name = 'token_clients'");
      const moved = () => {
        const now = db.changes.current();
        return now !== null && now !== before;
      };
      await expect.poll(moved, { timeout: 1_000, interval: 5 }).toBe(true);
    } finally {
      await db.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
