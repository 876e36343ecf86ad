/**
 * The change signal's fallback on PostgreSQL: a change whose notification never came is still seen at
 * the next read of the version row. The opener sets how often that is; here 20 ms, so the test waits
 * for the signal to move rather than for the 200 ms default.
 */
import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/open.js";
import { tempDir } from "../helpers/config.js";
import { isPostgres, testDatabase } from "../helpers/database.js";
import { queryOn } from "../helpers/postgres-cluster.js";

describe.runIf(isPostgres)("the PostgreSQL change signal", () => {
  it("sees a change that sent no notification at its next read of the version row", async () => {
    const dir = tempDir();
    const database = await testDatabase(dir);
    const url = database.env.DATABASE_URL ?? "";
    const db = await openDatabase({ databasePath: "", databaseUrl: url }, { changePollMs: 20 });
    try {
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
