import { AetherError } from '../errors/index.js';
import type { Db } from '../store/index.js';
import { hashPassword, type ScryptCost } from './password.js';
import type { Grant, Role } from './roles.js';

export const MIN_PASSWORD_LENGTH = 12;

/** A user as the API shows it: never the password hash. */
export interface User {
  name: string;
  role: Role;
  grants: Grant[];
  disabled: boolean;
  createdAt: number;
  lastLoginAt: number | null;
}

type Row = {
  name: string;
  role: Role;
  grants: string;
  password_hash: string;
  disabled: number;
  created_at: number;
  last_login_at: number | null;
};
const toUser = (r: Row): User => ({
  name: r.name,
  role: r.role,
  grants: JSON.parse(r.grants) as Grant[],
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  lastLoginAt: r.last_login_at,
});

function checkStrength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw new AetherError('PASSWORD_TOO_WEAK', `The password has fewer than ${MIN_PASSWORD_LENGTH} characters.`);
}

/** Users with a role and a scrypt-hashed password, in SQLite. Sessions die with the user (sessions.ts). */
export class Users {
  constructor(
    private readonly db: Db,
    private readonly cost?: ScryptCost,
  ) {}

  private row(name: string): Row | undefined {
    return this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as Row | undefined;
  }

  async create(input: { name: string; role: Role; password: string; grants?: Grant[] }): Promise<User> {
    checkStrength(input.password);
    if (this.row(input.name)) throw new AetherError('USER_EXISTS', `A user named ${input.name} exists.`);
    const hash = await hashPassword(input.password, this.cost);
    // Checked again after the (asynchronous) hash: two creates of one name, one wins.
    if (this.row(input.name)) throw new AetherError('USER_EXISTS', `A user named ${input.name} exists.`);
    this.db
      .prepare('INSERT INTO users (name, role, grants, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(input.name, input.role, JSON.stringify([...new Set(input.grants ?? [])]), hash, Date.now());
    return this.get(input.name);
  }

  get(name: string): User {
    const r = this.row(name);
    if (!r) throw new AetherError('USER_NOT_FOUND', `No user named ${name}.`);
    return toUser(r);
  }

  /** The user and its hash, for a login; undefined when there is none. */
  credentials(name: string): { user: User; hash: string } | undefined {
    const r = this.row(name);
    return r ? { user: toUser(r), hash: r.password_hash } : undefined;
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY name').all() as Row[]).map(toUser);
  }

  async update(name: string, patch: { role?: Role; disabled?: boolean; password?: string; grants?: Grant[] }): Promise<User> {
    this.get(name);
    if (patch.password !== undefined) checkStrength(patch.password);
    const hash = patch.password !== undefined ? await hashPassword(patch.password, this.cost) : undefined;
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.role !== undefined) {
      sets.push('role = ?');
      args.push(patch.role);
    }
    if (patch.disabled !== undefined) {
      sets.push('disabled = ?');
      args.push(patch.disabled ? 1 : 0);
    }
    if (patch.grants !== undefined) {
      sets.push('grants = ?');
      args.push(JSON.stringify([...new Set(patch.grants)]));
    }
    if (hash !== undefined) {
      sets.push('password_hash = ?');
      args.push(hash);
    }
    if (sets.length > 0) this.db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE name = ?`).run(...args, name);
    return this.get(name);
  }

  delete(name: string): void {
    if (this.db.prepare('DELETE FROM users WHERE name = ?').run(name).changes === 0)
      throw new AetherError('USER_NOT_FOUND', `No user named ${name}.`);
  }

  touchLogin(name: string, at: number): void {
    this.db.prepare('UPDATE users SET last_login_at = ? WHERE name = ?').run(at, name);
  }
}
