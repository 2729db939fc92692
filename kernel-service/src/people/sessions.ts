import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/index.js';
import type { Principal } from './roles.js';

export const SESSION_COOKIE = 'aether_session';

export interface SessionTimes {
  /** Absolute lifetime (auth.sessionTtlSeconds). */
  ttlMs: number;
  /** Ended when unused this long (auth.sessionIdleSeconds). */
  idleMs: number;
}

type Row = { hash: string; user_name: string; csrf: string; created_at: number; last_seen_at: number; expires_at: number };
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** last_seen_at is written at most this often per session. */
const TOUCH_EVERY_MS = 30_000;

/**
 * Cookie sessions of users. The cookie's value is 256 random bits, stored only as its SHA-256
 * (a copy of the database does not log anyone in). Each session has its own CSRF token.
 * Deleting or disabling a user deletes its sessions (ON DELETE CASCADE, endFor).
 */
export class Sessions {
  constructor(
    private readonly db: Db,
    private readonly times: SessionTimes,
    private readonly now: () => number = Date.now,
  ) {}

  create(user: string): { secret: string; csrfToken: string; expiresAt: number } {
    const secret = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const now = this.now();
    const expiresAt = now + this.times.ttlMs;
    this.db
      .prepare('INSERT INTO sessions (hash, user_name, csrf, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(hashOf(secret), user, csrfToken, now, now, expiresAt);
    return { secret, csrfToken, expiresAt };
  }

  /** The live session of this cookie value (its user and CSRF token), or null; an expired one is removed. */
  find(secret: string): { user: string; csrfToken: string; expiresAt: number } | null {
    const r = this.db.prepare('SELECT * FROM sessions WHERE hash = ?').get(hashOf(secret)) as Row | undefined;
    if (!r) return null;
    const now = this.now();
    if (r.expires_at <= now || now - r.last_seen_at >= this.times.idleMs) {
      this.db.prepare('DELETE FROM sessions WHERE hash = ?').run(r.hash);
      return null;
    }
    if (now - r.last_seen_at >= TOUCH_EVERY_MS)
      this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE hash = ?').run(now, r.hash);
    return { user: r.user_name, csrfToken: r.csrf, expiresAt: r.expires_at };
  }

  end(secret: string): void {
    this.db.prepare('DELETE FROM sessions WHERE hash = ?').run(hashOf(secret));
  }

  endFor(user: string): number {
    return this.db.prepare('DELETE FROM sessions WHERE user_name = ?').run(user).changes;
  }
}

/** WebSocket tickets: single use, 30 s, bound to the principal that asked (kept in memory only). */
export class Tickets {
  static readonly TTL_MS = 30_000;
  private readonly live = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(principal: Principal): { ticket: string; expiresAt: number } {
    const now = this.now();
    for (const [k, v] of this.live) if (v.expiresAt <= now) this.live.delete(k);
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = now + Tickets.TTL_MS;
    // The CSRF token is the session's, not the ticket's: a ticket-authenticated socket has none.
    const bound: Principal = { ...principal };
    delete bound.csrfToken;
    this.live.set(ticket, { principal: bound, expiresAt });
    return { ticket, expiresAt };
  }

  /** The principal the ticket was issued to, once; null when unknown, used or expired. */
  redeem(ticket: string): Principal | null {
    const t = this.live.get(ticket);
    if (!t) return null;
    this.live.delete(ticket);
    return t.expiresAt > this.now() ? t.principal : null;
  }
}
