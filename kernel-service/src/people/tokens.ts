import { createHash, randomBytes } from 'node:crypto';
import { AetherError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import type { Grant, Role, Scope } from './roles.js';

/** What marks a secret as an API token (so a leaked one is recognisable in logs and scanners). */
export const API_TOKEN_PREFIX = 'aet_';

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  scope: Scope | null;
  grants: Grant[];
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

type Row = {
  id: string;
  name: string;
  role: Role;
  scope: string | null;
  grants: string;
  hash: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
};
const toToken = (r: Row): ApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role,
  scope: r.scope === null ? null : (JSON.parse(r.scope) as Scope),
  grants: JSON.parse(r.grants) as Grant[],
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

/** 256 random bits: a SHA-256 is enough to store them (nothing to brute-force, unlike passwords). */
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** lastUsedAt is written at most this often per token, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Long-lived API credentials with a role, optional grants and an optional agent scope. Stored
 * hashed; every request looks the token up, so a deleted one fails at its next request.
 */
export class ApiTokens {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  create(input: { name: string; role: Role; scope?: Scope; grants?: Grant[]; expiresInSeconds?: number; createdBy: string }): {
    token: ApiToken;
    secret: string;
  } {
    const id = `tok_${randomBytes(6).toString('hex')}`;
    const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = this.now();
    const expiresAt = input.expiresInSeconds === undefined ? null : now + input.expiresInSeconds * 1000;
    const scope = input.scope && Object.keys(input.scope).length > 0 ? JSON.stringify(input.scope) : null;
    this.db
      .prepare(
        'INSERT INTO api_tokens (id, name, role, scope, grants, hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        input.name,
        input.role,
        scope,
        JSON.stringify([...new Set(input.grants ?? [])]),
        hashOf(secret),
        input.createdBy,
        now,
        expiresAt,
      );
    return { token: this.get(id), secret };
  }

  get(id: string): ApiToken {
    const r = this.db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new AetherError('TOKEN_NOT_FOUND', `No token ${id}.`, { details: { id } });
    return toToken(r);
  }

  list(): ApiToken[] {
    return (this.db.prepare('SELECT * FROM api_tokens ORDER BY created_at, id').all() as Row[]).map(toToken);
  }

  delete(id: string): void {
    if (this.db.prepare('DELETE FROM api_tokens WHERE id = ?').run(id).changes === 0)
      throw new AetherError('TOKEN_NOT_FOUND', `No token ${id}.`, { details: { id } });
  }

  /** The token this secret is: null when unknown (or deleted); TOKEN_EXPIRED when past its expiry. */
  verify(secret: string): ApiToken | null {
    if (!secret.startsWith(API_TOKEN_PREFIX)) return null;
    const r = this.db.prepare('SELECT * FROM api_tokens WHERE hash = ?').get(hashOf(secret)) as Row | undefined;
    if (!r) return null;
    const now = this.now();
    if (r.expires_at !== null && r.expires_at <= now)
      throw new AetherError('TOKEN_EXPIRED', `Token ${r.name} expired at ${new Date(r.expires_at).toISOString()}.`);
    if (r.last_used_at === null || now - r.last_used_at >= TOUCH_EVERY_MS) {
      this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, r.id);
      r.last_used_at = now;
    }
    return toToken(r);
  }
}
