/**
 * A named lease in a table, for SQLite: a job never runs twice at once, across processes too (the
 * scheduler in the bot and `steward remind` by hand). A crashed holder's lease simply expires; one left
 * by a killed process on this host is taken over at once.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, lt } from "drizzle-orm";
import type { Db, Lease } from "../database.js";

/** A holder names its host and process, so a lease left by a killed process here can be taken over at once. */
const holderId = () => `${hostname()}:${process.pid}:${randomUUID()}`;

function isDeadHereHolder(holder: string): boolean {
  const [host, pid] = holder.split(":");
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Takes the lease when it is free, expired, or held by a process on this host that no longer runs;
 * returns null when someone alive holds it.
 */
export async function sqliteLease(db: Db, name: string, now: Date, ttlMs: number): Promise<Lease | null> {
  const { jobLeases } = db.t;
  const holder = holderId();
  const taken = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(jobLeases).where(eq(jobLeases.name, name));
    const isStale = current !== undefined && isDeadHereHolder(current.holder);
    const [row] = await tx
      .insert(jobLeases)
      .values({ name, holder, expiresAt: new Date(now.getTime() + ttlMs) })
      .onConflictDoUpdate({
        target: jobLeases.name,
        set: { holder, expiresAt: new Date(now.getTime() + ttlMs) },
        setWhere: isStale ? eq(jobLeases.holder, current.holder) : lt(jobLeases.expiresAt, now),
      })
      .returning();
    return row;
  });
  if (!taken || taken.holder !== holder) return null;
  const mine = and(eq(jobLeases.name, name), eq(jobLeases.holder, holder));
  return {
    release: async () => {
      await db.transaction((tx) => tx.delete(jobLeases).where(mine));
    },
    renew: async (at) => {
      const renewed = await db.transaction((tx) =>
        tx
          .update(jobLeases)
          .set({ expiresAt: new Date(at.getTime() + ttlMs) })
          .where(mine)
          .returning({ name: jobLeases.name }),
      );
      return renewed.length === 1;
    },
  };
}
