import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN_FILE, tokenMatches } from '../api/auth.js';

/**
 * The bootstrap credential (<stateDir>/admin.token, role admin, actor "admin"). Rotation writes a
 * new file (0600, atomically) and swaps the value in memory: the old one fails at once.
 */
export class BootstrapToken {
  constructor(
    private current: string,
    private readonly stateDir: string | undefined,
  ) {}

  matches(given: string): boolean {
    return tokenMatches(this.current, given);
  }

  rotate(): string {
    const next = randomBytes(32).toString('base64url');
    if (this.stateDir) {
      const path = join(this.stateDir, ADMIN_TOKEN_FILE);
      const tmp = `${path}.new`;
      writeFileSync(tmp, `${next}\n`, { mode: 0o600 });
      renameSync(tmp, path);
    }
    this.current = next;
    return next;
  }
}
