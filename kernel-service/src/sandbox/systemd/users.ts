import { execFile } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AetherError } from '../../errors/index.js';
import { AGENT_HOME, agentUserName as userName } from '../environment.js';

const run = promisify(execFile);

/** Exit status of groupadd/useradd when the name or id already exists. */
const ALREADY_EXISTS = new Set([4, 9]);

/** Where nss-systemd reads static JSON user and group records (systemd's userdb drop-ins). */
export const USERDB_DIR = '/etc/userdb';

export interface AgentUsersOptions {
  /** Default /etc/userdb; tests point it at a scratch directory. */
  userdbDir?: string;
  /** Default /etc/passwd: users made by useradd (kernels before userdb) are kept as they are. */
  passwdFile?: string;
  /** Default /etc/nsswitch.conf: decides between userdb records and useradd. */
  nsswitchFile?: string;
}

/**
 * Each agent runs as its own user with a stable UID (not a DynamicUser: the UID must outlive
 * every run so the agent's home keeps its owner; the UID is the agent's, from the database).
 *
 * The user is a userdb drop-in: `<name>.user` and `<name>.group` JSON records in /etc/userdb/,
 * with `<uid>.user` / `<gid>.group` symlinks for lookups by number. nss-systemd (`passwd: files
 * systemd` in nsswitch.conf, Debian's default with libnss-systemd) resolves them for systemd's
 * `User=`, for `id` and `ls -l` inside the sandbox, without systemd-userdbd running. Writing them
 * is four small file operations (~0.1 ms), where groupadd + useradd forked two programs that
 * lock and rewrite /etc/passwd, group, shadow and gshadow (~80-140 ms, serialised). Each record
 * is written to a temporary name and renamed, so a reader never sees half a record.
 *
 * A host without nss-systemd in nsswitch.conf gets useradd, as before. Users that an older
 * kernel made with useradd stay in /etc/passwd and keep resolving (`files` comes first).
 */
export class AgentUsers {
  private readonly known = new Set<number>();
  private readonly dir: string;
  private readonly passwdFile: string;
  readonly method: 'userdb' | 'useradd';

  constructor(opts: AgentUsersOptions = {}) {
    this.dir = opts.userdbDir ?? USERDB_DIR;
    this.passwdFile = opts.passwdFile ?? '/etc/passwd';
    this.method = nssHasSystemd(opts.nsswitchFile ?? '/etc/nsswitch.conf') ? 'userdb' : 'useradd';
  }

  async ensure(uid: number): Promise<void> {
    if (this.known.has(uid)) return;
    if (this.method === 'userdb') this.ensureRecord(uid);
    else await this.useradd(uid);
    this.known.add(uid);
  }

  /**
   * Synchronous on purpose: no await between the checks and the writes, so two spawns of one new
   * agent in this process cannot interleave; a second kernel writing the same record writes the
   * same bytes, and rename() makes the last one win whole.
   */
  private ensureRecord(uid: number): void {
    const name = userName(uid);
    const owner = passwdOwner(this.passwdFile, uid, name);
    if (owner === name) return; // made by useradd (a kernel before userdb): keep it
    if (owner !== null) {
      throw new AetherError(
        'SANDBOX_LAUNCH_FAILED',
        `UID ${uid} belongs to "${owner}" in ${this.passwdFile}; agent UIDs start above sandbox.uidBase, raise it.`,
      );
    }
    this.ensureDir();
    this.writeRecord(`${name}.group`, { groupName: name, gid: uid });
    this.writeRecord(`${name}.user`, {
      userName: name,
      uid,
      gid: uid,
      realName: 'Aether agent',
      homeDirectory: AGENT_HOME,
      shell: '/bin/sh',
    });
    this.link(`${uid}.group`, `${name}.group`);
    this.link(`${uid}.user`, `${name}.user`);
  }

  /**
   * Readable by everyone (the sandbox resolves its own name): explicit chmod, since mkdir's and
   * open's modes are cut by the kernel unit's UMask=0077.
   */
  private ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    chmodSync(this.dir, 0o755);
  }

  private writeRecord(file: string, record: Record<string, unknown>): void {
    const tmp = join(this.dir, `.${file}.${process.pid}.tmp`);
    writeFileSync(tmp, `${JSON.stringify(record)}\n`, { mode: 0o644 });
    chmodSync(tmp, 0o644);
    renameSync(tmp, join(this.dir, file));
  }

  private link(from: string, to: string): void {
    const path = join(this.dir, from);
    try {
      if (lstatSync(path).isSymbolicLink()) return; // names are derived from the UID: it points right
      rmSync(path, { force: true });
    } catch {
      /* not there yet */
    }
    try {
      symlinkSync(to, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }

  private async useradd(uid: number): Promise<void> {
    const name = userName(uid);
    await this.tool('groupadd', ['--gid', String(uid), name]);
    await this.tool('useradd', [
      '--uid',
      String(uid),
      '--gid',
      String(uid),
      '--no-create-home',
      '--home-dir',
      AGENT_HOME,
      '--shell',
      '/bin/sh',
      '--comment',
      'Aether agent',
      name,
    ]);
  }

  private async tool(cmd: string, args: string[]): Promise<void> {
    try {
      await run(cmd, args);
    } catch (err) {
      const e = err as { code?: number | string; stderr?: string };
      if (typeof e.code === 'number' && ALREADY_EXISTS.has(e.code)) return;
      throw new AetherError('SANDBOX_LAUNCH_FAILED', `${cmd} ${args.join(' ')} failed: ${e.stderr?.trim() || String(e.code)}`, {
        cause: err,
      });
    }
  }
}

/** True when nsswitch.conf's passwd and group lines both name the systemd module. */
export function nssHasSystemd(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const has = (db: string) =>
    text
      .split('\n')
      .some((l) => new RegExp(`^\\s*${db}:`).test(l) && /\bsystemd\b/.test(l.replace(/#.*/, '').split(':')[1] ?? ''));
  return has('passwd') && has('group');
}

/**
 * Who has this UID in /etc/passwd (or holds this name with another UID), or null. Read at each first
 * spawn of an agent in this kernel (a few KB), so a user added meanwhile by the admin counts.
 */
function passwdOwner(file: string, uid: number, name: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [user, , id] = line.split(':');
    if (id === undefined || id === '') continue;
    if (Number(id) === uid) return user!;
    if (user === name) return `${name} (UID ${id})`; // the name is taken by another UID
  }
  return null;
}
