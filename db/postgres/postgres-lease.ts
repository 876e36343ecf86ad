/**
 * A named lease on PostgreSQL: a session advisory lock held on one pooled connection for as long as the
 * job runs. The server frees it the moment its holder's connection ends, so when a replica is killed
 * mid-pass another replica can take over at once rather than after a timeout.
 */
import type pg from "pg";
import type { Lease } from "../database.js";

export async function postgresLease(pool: pg.Pool, name: string): Promise<Lease | null> {
  const client = await pool.connect();
  let isHeld = false;
  try {
    const result = await client.query<{ ok: boolean }>("select pg_try_advisory_lock(hashtext($1)) as ok", [
      `steward:${name}`,
    ]);
    isHeld = result.rows[0]?.ok === true;
  } finally {
    if (!isHeld) client.release();
  }
  if (!isHeld) return null;
  let isReleased = false;
  return {
    release: async () => {
      if (isReleased) return;
      isReleased = true;
      try {
        await client.query("select pg_advisory_unlock(hashtext($1))", [`steward:${name}`]);
        client.release();
      } catch (error) {
        // The connection is gone, and the lock with it; never hand a broken connection back to the pool.
        client.release(error as Error);
      }
    },
    renew: async () => {
      try {
        await client.query("select 1");
        return !isReleased;
      } catch {
        return false;
      }
    },
  };
}
