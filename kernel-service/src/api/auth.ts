import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AetherError } from '../errors/index.js';

export const ADMIN_TOKEN_FILE = 'admin.token';

/** Reads the admin token, creating it (0600, 256 random bits) on the first start. */
export function ensureAdminToken(stateDir: string): string {
  const path = join(stateDir, ADMIN_TOKEN_FILE);
  if (!existsSync(path)) {
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(path, 0o600);
  const token = readFileSync(path, 'utf8').trim();
  if (token.length < 16)
    throw new AetherError('CONFIG_INVALID', `${path} holds a token shorter than 16 characters; delete it to get a new one.`);
  return token;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares in constant time (digests have equal length whatever the input). */
export function tokenMatches(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}
