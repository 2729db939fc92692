import { createHash, randomBytes } from 'node:crypto';
import { AetherError } from '../errors/index.js';
import type { Db } from '../store/index.js';

/** A token as listed: never its secret, which is shown once, at creation. */
export interface McpToken {
  id: string;
  name: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

type Row = { id: string; name: string; created_at: number; expires_at: number | null; revoked_at: number | null };
const toToken = (r: Row): McpToken => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

/** Tokens are 256 random bits; a SHA-256 is enough to store them (nothing to brute-force). */
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** What marks a secret as an MCP token (so a leaked one is recognisable in logs and scanners). */
export const MCP_TOKEN_PREFIX = 'aether_mcp_';

/**
 * Scoped tokens for the kernel's MCP endpoint (/mcp): they authenticate there and nowhere
 * else (the REST API accepts the admin token only). Stored hashed; revocation and expiry are
 * checked on every request, so a revoked token fails at its next request.
 */
export class McpTokens {
  constructor(private readonly db: Db) {}

  create(name: string, expiresInSeconds?: number): { token: McpToken; secret: string } {
    const id = randomBytes(6).toString('hex');
    const secret = `${MCP_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = Date.now();
    const expiresAt = expiresInSeconds === undefined ? null : now + expiresInSeconds * 1000;
    this.db
      .prepare('INSERT INTO mcp_tokens (id, name, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, name, hashOf(secret), now, expiresAt);
    return { token: { id, name, createdAt: now, expiresAt, revokedAt: null }, secret };
  }

  list(): McpToken[] {
    return (this.db.prepare('SELECT * FROM mcp_tokens ORDER BY created_at').all() as Row[]).map(toToken);
  }

  revoke(id: string): McpToken {
    const r = this.db.prepare('SELECT * FROM mcp_tokens WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new AetherError('MCP_TOKEN_NOT_FOUND', `No MCP token ${id}.`, { details: { id } });
    this.db.prepare('UPDATE mcp_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(Date.now(), id);
    return toToken(this.db.prepare('SELECT * FROM mcp_tokens WHERE id = ?').get(id) as Row);
  }

  /** The live token this secret is, or null (unknown, revoked or expired). */
  verify(secret: string): McpToken | null {
    if (!secret.startsWith(MCP_TOKEN_PREFIX)) return null;
    const r = this.db.prepare('SELECT * FROM mcp_tokens WHERE hash = ?').get(hashOf(secret)) as Row | undefined;
    if (!r || r.revoked_at !== null || (r.expires_at !== null && r.expires_at <= Date.now())) return null;
    return toToken(r);
  }
}
