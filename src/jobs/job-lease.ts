/**
 * A named lease in the database, so a job never runs twice at once — across processes too (the
 * scheduler in the bot and `steward remind` by hand). A crashed holder's lease simply expires.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { jobLeases } from "../../db/schema.js";

export type Lease = { name: string; holder: string; release(): void; renew(now: Date): boolean };

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
export function acquireLease(db: Db, name: string, now: Date, ttlMs: number): Lease | null {
  const holder = holderId();
  const expiresAt = new Date(now.getTime() + ttlMs);
  const current = db.select().from(jobLeases).where(eq(jobLeases.name, name)).get();
  const isStale = current !== undefined && isDeadHereHolder(current.holder);
  const taken = db
    .insert(jobLeases)
    .values({ name, holder, expiresAt })
    .onConflictDoUpdate({
      target: jobLeases.name,
      set: { holder, expiresAt },
      setWhere: isStale ? eq(jobLeases.holder, current.holder) : lt(jobLeases.expiresAt, now),
    })
    .returning()
    .get();
  if (!taken || taken.holder !== holder) return null;
  const mine = and(eq(jobLeases.name, name), eq(jobLeases.holder, holder));
  return {
    name,
    holder,
    release: () => {
      db.delete(jobLeases).where(mine).run();
    },
    renew: (at: Date) =>
      db
        .update(jobLeases)
        .set({ expiresAt: sql`${at.getTime() + ttlMs}` })
        .where(mine)
        .run().changes === 1,
  };
}
