/**
 * Portal sessions, server-side in the database (db/tables/portal.ts), so any replica serves any
 * request. The cookie holds 32 random bytes; the database only their SHA-256. A session before sign-in
 * lasts an hour and holds the e-mailed link it asked for; after sign-in it lasts 30 idle minutes and at
 * most 12 hours. Signing in gives the browser a new cookie (no fixation).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNotNull, lt } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import type { PortalFlash, PortalOidcState } from "../../db/tables/portal.js";
import type { Clock } from "../../src/ports/clock.js";

export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 12;
export const LINK_MINUTES = 15;
const ANONYMOUS_MINUTES = 60;
/** lastSeenAt is written at most this often, so reading pages does not write on every request. */
const TOUCH_MS = 60_000;

export const randomToken = (): string => randomBytes(32).toString("base64url");
export const hashOf = (token: string): string => createHash("sha256").update(token).digest("base64url");

/** Equal strings, compared in constant time. */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type Session = {
  hash: string;
  personId: number | null;
  csrfToken: string;
  nextPath: string | null;
  oidc: PortalOidcState | null;
  flash: PortalFlash | null;
};

const minutes = (n: number) => n * 60_000;

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private get t() {
    return this.db.t.portalSessions;
  }

  /** A new session before sign-in; returns its cookie value. */
  async open(): Promise<{ token: string; session: Session }> {
    const now = this.clock.now();
    const token = randomToken();
    const row = {
      tokenHash: hashOf(token),
      csrfToken: randomToken(),
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + minutes(ANONYMOUS_MINUTES)),
    };
    await this.db.transaction((tx) => tx.insert(this.t).values(row));
    // Now and then, rows past their end go (the index on expires_at keeps this cheap).
    if (Math.random() < 0.05) await this.purge();
    return {
      token,
      session: {
        hash: row.tokenHash,
        personId: null,
        csrfToken: row.csrfToken,
        nextPath: null,
        oidc: null,
        flash: null,
      },
    };
  }

  /** The session a cookie names, if it is still in force; keeps an active one alive. */
  async find(token: string | undefined): Promise<Session | null> {
    if (!token || token.length > 100) return null;
    const hash = hashOf(token);
    const [row] = await this.db.select().from(this.t).where(eq(this.t.tokenHash, hash)).limit(1);
    if (!row) return null;
    const now = this.clock.now().getTime();
    const idle = row.personId !== null && now - row.lastSeenAt.getTime() > minutes(IDLE_MINUTES);
    if (row.expiresAt.getTime() <= now || idle) {
      await this.end(hash);
      return null;
    }
    if (row.personId !== null && now - row.lastSeenAt.getTime() > TOUCH_MS) {
      await this.db.transaction((tx) =>
        tx.update(this.t).set({ lastSeenAt: this.clock.now() }).where(eq(this.t.tokenHash, hash)),
      );
    }
    return {
      hash,
      personId: row.personId,
      csrfToken: row.csrfToken,
      nextPath: row.nextPath,
      oidc: row.oidc,
      flash: row.flash,
    };
  }

  async end(hash: string): Promise<void> {
    await this.db.transaction((tx) => tx.delete(this.t).where(eq(this.t.tokenHash, hash)));
  }

  /** Sessions past their absolute end, and signed-in ones idle too long. */
  async purge(): Promise<void> {
    const now = this.clock.now();
    const idleSince = new Date(now.getTime() - minutes(IDLE_MINUTES));
    await this.db.transaction(async (tx) => {
      await tx.delete(this.t).where(lt(this.t.expiresAt, now));
      await tx.delete(this.t).where(and(isNotNull(this.t.personId), lt(this.t.lastSeenAt, idleSince)));
    });
  }

  /** Keeps an e-mailed link for this browser (replacing any earlier one); returns the link's token. */
  async holdLink(hash: string, email: string, nextPath: string | null): Promise<string> {
    const token = randomToken();
    const linkExpiresAt = new Date(this.clock.now().getTime() + minutes(LINK_MINUTES));
    await this.db.transaction((tx) =>
      tx
        .update(this.t)
        .set({ linkHash: hashOf(token), linkEmail: email, linkExpiresAt, ...(nextPath ? { nextPath } : {}) })
        .where(eq(this.t.tokenHash, hash)),
    );
    return token;
  }

  /** What a link's token names: the session that asked for it, for whom, and whether it is still good. */
  async linkOf(token: string): Promise<{ sessionHash: string; email: string; isExpired: boolean } | null> {
    if (token.length > 100) return null;
    const [row] = await this.db
      .select()
      .from(this.t)
      .where(eq(this.t.linkHash, hashOf(token)))
      .limit(1);
    if (!row?.linkEmail || !row.linkExpiresAt) return null;
    const isExpired = row.linkExpiresAt.getTime() <= this.clock.now().getTime();
    return { sessionHash: row.tokenHash, email: row.linkEmail, isExpired };
  }

  /**
   * Signs the session in as the person, once: the link (when one is given) must still be this session's
   * and unexpired. The session gets a new cookie value; returns it, or null when the link was taken meanwhile.
   */
  async signIn(hash: string, personId: number, linkToken?: string): Promise<{ token: string } | null> {
    const now = this.clock.now();
    const token = randomToken();
    const linkMatch = linkToken ? [eq(this.t.linkHash, hashOf(linkToken)), gt(this.t.linkExpiresAt, now)] : [];
    const [row] = await this.db.transaction((tx) =>
      tx
        .update(this.t)
        .set({
          tokenHash: hashOf(token),
          personId,
          csrfToken: randomToken(),
          lastSeenAt: now,
          expiresAt: new Date(now.getTime() + ABSOLUTE_HOURS * 3_600_000),
          linkHash: null,
          linkEmail: null,
          linkExpiresAt: null,
          oidc: null,
          flash: null,
          nextPath: null,
        })
        .where(and(eq(this.t.tokenHash, hash), ...linkMatch))
        .returning({ tokenHash: this.t.tokenHash }),
    );
    return row ? { token } : null;
  }

  async setOidc(hash: string, oidc: PortalOidcState | null, nextPath?: string | null): Promise<void> {
    await this.db.transaction((tx) =>
      tx
        .update(this.t)
        .set({ oidc, ...(nextPath ? { nextPath } : {}) })
        .where(eq(this.t.tokenHash, hash)),
    );
  }

  /** Clears where to go after sign-in, once it was used. */
  async clearNext(hash: string): Promise<void> {
    await this.db.transaction((tx) => tx.update(this.t).set({ nextPath: null }).where(eq(this.t.tokenHash, hash)));
  }

  async setFlash(hash: string, flash: PortalFlash): Promise<void> {
    await this.db.transaction((tx) => tx.update(this.t).set({ flash }).where(eq(this.t.tokenHash, hash)));
  }

  /** The answer the last post left, once: it is cleared as it is read. */
  async takeFlash(session: Session): Promise<PortalFlash | null> {
    if (!session.flash) return null;
    await this.db.transaction((tx) => tx.update(this.t).set({ flash: null }).where(eq(this.t.tokenHash, session.hash)));
    return session.flash;
  }

  /** A new single-use token for the form about to be shown; an older form's token stops working. */
  async issueFormToken(hash: string): Promise<string> {
    const token = randomToken();
    await this.db.transaction((tx) =>
      tx
        .update(this.t)
        .set({ formTokenHash: hashOf(token) })
        .where(eq(this.t.tokenHash, hash)),
    );
    return token;
  }

  /** Uses a form's token up; true only the first time, for the form shown last. */
  async useFormToken(hash: string, token: string): Promise<boolean> {
    if (!token || token.length > 100) return false;
    const rows = await this.db.transaction((tx) =>
      tx
        .update(this.t)
        .set({ formTokenHash: null })
        .where(and(eq(this.t.tokenHash, hash), eq(this.t.formTokenHash, hashOf(token))))
        .returning({ tokenHash: this.t.tokenHash }),
    );
    return rows.length === 1;
  }
}
